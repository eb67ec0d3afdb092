/**
 * The reading child (forked by sandbox.ts with an IPC channel and a small heap): parses one
 * uploaded workbook or CSV (parse.ts) within its limits, answers every worksheet as rows of cell
 * text, then exits. A broken or hostile file can only crash or stall this process, which its
 * parent kills at its time limit; the server's own memory and event loop never hold the parse.
 */
import { AppError } from '../errors'
import { parseSheets, parseXlsx, type SheetKind, type SheetLimits } from './parse'

interface Request {
  kind: SheetKind
  bytes: Uint8Array
  limits: SheetLimits
}

process.once('message', (req: Request) => {
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength)
  const read = req.kind === 'xlsx' ? parseXlsx(bytes, req.limits) : Promise.resolve().then(() => parseSheets(req.kind, bytes, req.limits))
  read.then(
    (sheets) => process.send?.({ ok: true, sheets }, () => process.exit(0)),
    (e: unknown) => {
      const refusal = e instanceof AppError ? { status: e.status, code: e.code, message: e.message, details: e.details } : null
      process.send?.({ ok: false, refusal, error: e instanceof Error ? e.message.slice(0, 200) : String(e) }, () => process.exit(0))
    }
  )
})
