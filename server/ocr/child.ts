/**
 * The OCR child process (forked by reader.ts with an IPC channel): loads the engine once, then reads
 * one screenshot per message, in order. It says {ready} or {failed} first; each answer carries the
 * process's resident memory, which the reader watches to recycle it.
 */
import { createEngine, type Engine } from './engine'
import type { ChildAnswer, ChildRequest } from './protocol'

function send(message: ChildAnswer): void {
  process.send?.(message)
}

async function main(): Promise<void> {
  let engine: Engine
  try {
    engine = await createEngine(Number(process.env.OCR_THREADS ?? 1))
  } catch (e) {
    send({ kind: 'failed', error: (e as Error).message })
    process.exit(1)
  }
  send({ kind: 'ready', rss: process.memoryUsage().rss })
  let chain = Promise.resolve()
  process.on('message', (m: ChildRequest) => {
    chain = chain.then(async () => {
      const started = Date.now()
      try {
        const read = await engine.read(Buffer.from(m.bytes))
        send({ kind: 'read', id: m.id, ...read, ms: Date.now() - started, rss: process.memoryUsage().rss })
      } catch (e) {
        send({ kind: 'error', id: m.id, error: (e as Error).message, rss: process.memoryUsage().rss })
      }
    })
  })
  process.on('disconnect', () => process.exit(0))
}

void main()
