/** Messages between the server and its OCR child (child.ts), over Node's IPC with `serialization: 'advanced'`. */
import type { OcrLine } from '../../src/core'

export interface ChildRequest {
  id: number
  bytes: Uint8Array
}

export type ChildAnswer =
  | { kind: 'ready'; rss: number }
  | { kind: 'failed'; error: string }
  | { kind: 'read'; id: number; width: number; height: number; lines: OcrLine[]; ms: number; rss: number }
  | { kind: 'error'; id: number; error: string; rss: number }
