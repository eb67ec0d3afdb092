import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { ProofHit } from '../core/proofread'

export interface ProofreadState {
  /** The server's hits for each text checked (the latest texts only). */
  results: Record<string, ProofHit[]>
  /** Asks the server to proofread `text`; offline or refused, the text simply gets no hint. */
  check(text: string): Promise<void>
}

/** Texts remembered: a field being typed in asks again after each pause. */
const KEEP = 20

/**
 * Proofreading of what people type into documents (the circular's sections, good-practice
 * wording): suspected errors shown under the field as hints, never a block.
 */
export function createProofreadStore(deps: { api: Pick<ApiClient, 'proofread'> }) {
  return createStore<ProofreadState>()((set, get) => ({
    results: {},
    async check(text) {
      if (text.trim() === '' || get().results[text]) return
      try {
        const { hits } = await deps.api.proofread(text)
        set((s) => {
          const keys = Object.keys(s.results)
          const kept = keys.length >= KEEP ? Object.fromEntries(keys.slice(keys.length - KEEP + 1).map((k) => [k, s.results[k] ?? []])) : s.results
          return { results: { ...kept, [text]: hits } }
        })
      } catch {
        // A hint is a convenience: without the server there is none.
      }
    }
  }))
}

export type ProofreadStore = ReturnType<typeof createProofreadStore>
