import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from './db/schema'
import type { EvidenceStore } from './storage/evidence-store'
import type { ReminderConfig } from './services/reminders'
import type { Code2Session } from './auth/wechat-session'
import type { OcrQueue } from './ocr/queue'

/** What services need from the outside world; tests pass their own. */
export interface Deps {
  db: Kysely<Database>
  evidence: EvidenceStore
  now: () => Date
  newId: () => string
  /** WeChat reminders, when the server is configured for them. */
  reminders?: ReminderConfig
  /** WeChat sign-in (code2session), when WECHAT_APPID and WECHAT_SECRET are set. */
  wechat?: Code2Session
  /** Reads uploaded screenshots' text, when the optional OCR is installed (server/ocr). */
  ocr?: OcrQueue
}

export function defaultIds(): () => string {
  return () => randomUUID()
}
