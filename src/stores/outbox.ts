import { createStore } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { Verdict } from '../core'
import type { AnswerBody, InspectionBody, PracticeBody } from '../api/client'

/**
 * The outbox: what the phone has submitted and the server has not yet receipted. Written in
 * the same step as the submit, persisted (compact: no image bytes, only file references and
 * digests), drained head-first by src/sync/worker.ts. Entries leave only with a receipt.
 */
export type EntryState = 'pending' | 'failed' | 'parked'

export interface OutboxPhoto {
  ref: string
  sha256: string
  size: number
  /** The server holds it (its upload was receipted, or it already had the bytes). */
  uploaded: boolean
  /** The local file vanished before upload: the inspection goes on, shown as incomplete. */
  lost: boolean
}

/** What an entry sends: an inspection, a liaison's answer to an issue, or a good practice an inspector flagged. */
export type OutboxPayload =
  | { kind: 'inspection'; body: InspectionBody }
  | { kind: 'answer'; issueId: string; body: AnswerBody }
  | { kind: 'practice'; body: PracticeBody }

export type OutboxEntry = OutboxPayload & {
  seq: number
  clientId: string
  /** What the user recognises: "健康无锡 · 第2次监测", "健康无锡 · 整改反馈". */
  label: string
  /** The inspection's verdict as the phone computed it; null for answers. */
  verdict: Verdict | null
  photos: OutboxPhoto[]
  state: EntryState
  attempts: number
  nextAttemptAt: number
  lastError: { code: string; message: string } | null
  createdAt: number
  /** Local files of versions this entry replaced: deleted once the entry is receipted. */
  stale: string[]
}

export interface SyncedItem {
  clientId: string
  label: string
  verdict: Verdict | null
  held: number
  expected: number
  complete: boolean
  at: number
}

export interface OutboxState {
  entries: OutboxEntry[]
  nextSeq: number
  synced: SyncedItem[]
  /** The sync worker is sending right now (not kept: a relaunched app has nothing in flight). */
  sending: boolean
  setSending(sending: boolean): void
  enqueue(input: OutboxPayload & { clientId: string; label: string; verdict: Verdict | null; photos: Omit<OutboxPhoto, 'uploaded' | 'lost'>[] }, now: number): OutboxEntry
  update(clientId: string, patch: Partial<Pick<OutboxEntry, 'state' | 'attempts' | 'nextAttemptAt' | 'lastError'>>): void
  markPhoto(clientId: string, sha256: string, patch: Partial<Pick<OutboxPhoto, 'uploaded' | 'lost'>>): void
  complete(clientId: string, item: SyncedItem): void
  retry(clientId: string): void
}

export const OUTBOX_KEY = 'gnm.outbox'
export const OUTBOX_VERSION = 1
const KEEP_SYNCED = 20

export function createOutboxStore(deps: { storage: StateStorage }) {
  return createStore<OutboxState>()(
    persist(
      (set, get) => ({
        entries: [],
        nextSeq: 1,
        synced: [],
        sending: false,
        setSending(sending) {
          if (get().sending !== sending) set({ sending })
        },
        enqueue(input, now) {
          const existing = get().entries.find((e) => e.clientId === input.clientId)
          const payload: OutboxPayload =
            input.kind === 'answer'
              ? { kind: 'answer', issueId: input.issueId, body: input.body }
              : input.kind === 'practice'
                ? { kind: 'practice', body: input.body }
                : { kind: 'inspection', body: input.body }
          const entry: OutboxEntry = {
            ...payload,
            seq: existing?.seq ?? get().nextSeq,
            clientId: input.clientId,
            label: input.label,
            verdict: input.verdict,
            photos: input.photos.map((p) => ({ ...p, uploaded: existing?.photos.find((e) => e.sha256 === p.sha256)?.uploaded ?? false, lost: false })),
            state: 'pending',
            attempts: 0,
            nextAttemptAt: 0,
            lastError: null,
            createdAt: existing?.createdAt ?? now,
            stale: []
          }
          if (existing) {
            const kept = new Set(entry.photos.map((p) => p.ref))
            entry.stale = [...existing.stale, ...existing.photos.map((p) => p.ref)].filter((ref) => !kept.has(ref))
          }
          // A newer version of an entry still waiting replaces it in place: the server keeps both as history.
          set((s) => ({
            entries: existing ? s.entries.map((e) => (e.clientId === entry.clientId ? entry : e)) : [...s.entries, entry],
            nextSeq: existing ? s.nextSeq : s.nextSeq + 1
          }))
          return entry
        },
        update(clientId, patch) {
          set((s) => ({ entries: s.entries.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e)) }))
        },
        markPhoto(clientId, sha256, patch) {
          set((s) => ({
            entries: s.entries.map((e) =>
              e.clientId === clientId ? { ...e, photos: e.photos.map((p) => (p.sha256 === sha256 ? { ...p, ...patch } : p)) } : e
            )
          }))
        },
        complete(clientId, item) {
          set((s) => ({
            entries: s.entries.filter((e) => e.clientId !== clientId),
            synced: [item, ...s.synced.filter((x) => x.clientId !== clientId)].slice(0, KEEP_SYNCED)
          }))
        },
        retry(clientId) {
          set((s) => ({
            entries: s.entries.map((e) => (e.clientId === clientId ? { ...e, state: 'pending', nextAttemptAt: 0, lastError: null } : e))
          }))
        }
      }),
      {
        name: OUTBOX_KEY,
        version: OUTBOX_VERSION,
        storage: createJSONStorage(() => deps.storage),
        partialize: (s) => ({ entries: s.entries, nextSeq: s.nextSeq, synced: s.synced }),
        migrate: (persisted, version) => migrateOutbox(persisted, version)
      }
    )
  )
}

/**
 * Persisted outboxes from other versions. Nothing submitted is dropped: an entry that cannot be
 * read back as an inspection is kept, parked with a reason, for a person to look at.
 */
export function migrateOutbox(persisted: unknown, version: number): Pick<OutboxState, 'entries' | 'nextSeq' | 'synced'> {
  const raw = (persisted ?? {}) as { entries?: unknown[]; nextSeq?: number; synced?: SyncedItem[] }
  const entries = (raw.entries ?? []).map((e, i) => {
    const entry = e as Partial<OutboxEntry> & { issueId?: string }
    const readable = typeof entry.clientId === 'string' && entry.body !== undefined && Array.isArray(entry.photos)
    const payload: OutboxPayload =
      entry.kind === 'answer' && typeof entry.issueId === 'string'
        ? { kind: 'answer', issueId: entry.issueId, body: entry.body as AnswerBody }
        : entry.kind === 'practice'
          ? { kind: 'practice', body: entry.body as PracticeBody }
          : { kind: 'inspection', body: entry.body as InspectionBody }
    const migratedEntry: OutboxEntry = {
      ...payload,
      seq: entry.seq ?? i + 1,
      clientId: entry.clientId ?? `unknown-${i}`,
      label: entry.label ?? '未知记录',
      verdict: entry.verdict ?? null,
      photos: (entry.photos ?? []).map((p: Partial<OutboxPhoto>) => ({ ref: p.ref ?? '', sha256: p.sha256 ?? '', size: p.size ?? 0, uploaded: p.uploaded ?? false, lost: p.lost ?? false })),
      state: readable ? (entry.state ?? 'pending') : ('parked' as const),
      attempts: entry.attempts ?? 0,
      nextAttemptAt: 0,
      lastError: readable ? (entry.lastError ?? null) : { code: 'OUTBOX_UNREADABLE', message: `无法读取旧版本（v${version}）的待同步记录，请联系管理员` },
      createdAt: entry.createdAt ?? 0,
      stale: Array.isArray(entry.stale) ? entry.stale : []
    }
    return migratedEntry
  })
  const nextSeq = Math.max(raw.nextSeq ?? 1, ...entries.map((e) => e.seq + 1))
  return { entries, nextSeq, synced: raw.synced ?? [] }
}

export type OutboxStore = ReturnType<typeof createOutboxStore>

/**
 * The outbox as its user should read it: waiting for the network is neither a failure nor an
 * upload; a server that refused an entry is 需处理 (parked).
 */
export function outboxCounts(entries: OutboxEntry[]): { pending: number; offline: number; retrying: number; parked: number } {
  const offline = (e: OutboxEntry) => e.state !== 'parked' && e.lastError?.code === 'NETWORK'
  return {
    pending: entries.filter((e) => e.state === 'pending' && !offline(e)).length,
    offline: entries.filter(offline).length,
    retrying: entries.filter((e) => e.state === 'failed' && !offline(e)).length,
    parked: entries.filter((e) => e.state === 'parked').length
  }
}

export const OFFLINE_TEXT = '无网络，已保存，联网后自动上传'

/**
 * What an entry waiting in the outbox tells its user, and in which tone: no network is not a
 * failure (the work is safe on the phone); a server that refused it is (it needs a person).
 * 「正在上传」 only while the worker is sending.
 */
export function entryStatus(entry: Pick<OutboxEntry, 'state' | 'lastError'>, sending = false): { label: string; text: string; tone: 'neutral' | 'warn' | 'error' } {
  if (entry.state === 'parked') return { label: '需要处理', text: entry.lastError?.message ?? '已暂停，需要处理', tone: 'error' }
  if (entry.lastError?.code === 'NETWORK') return { label: '等待联网', text: OFFLINE_TEXT, tone: 'neutral' }
  if (entry.state === 'failed') return { label: '稍后重试', text: `上传未成功，稍后自动重试${entry.lastError ? `（${entry.lastError.message}）` : ''}`, tone: 'warn' }
  return sending ? { label: '正在上传', text: '正在上传…', tone: 'neutral' } : { label: '等待上传', text: '已保存，等待上传', tone: 'neutral' }
}
