import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { SessionStore } from './session'
import { messageOf } from './errors'

export interface WebSignInState {
  /** The desktop browser's side: the ticket its QR code shows. */
  ticket: { id: string; expiresAt: string } | null
  status: 'idle' | 'waiting' | 'expired' | 'error'
  error: string | null
  /** The phone's side: who and where is asking. */
  request: { id: string; ip: string; agent: string; createdAt: string; expired: boolean } | null
  approving: boolean
  start(): Promise<void>
  /** One poll; true once the browser is signed in. */
  poll(): Promise<boolean>
  load(id: string): Promise<void>
  approve(): Promise<boolean>
}

/** Desktop sign-in without passwords: the browser shows a QR code, a signed-in phone approves it. */
export function createWebSignInStore(deps: { api: Pick<ApiClient, 'createWebTicket' | 'pollWebTicket' | 'webTicketDetails' | 'approveWebTicket'>; session: Pick<SessionStore, 'getState'> }) {
  return createStore<WebSignInState>()((set, get) => ({
    ticket: null,
    status: 'idle',
    error: null,
    request: null,
    approving: false,
    async start() {
      try {
        set({ ticket: await deps.api.createWebTicket(), status: 'waiting', error: null })
      } catch (e) {
        set({ status: 'error', error: messageOf(e) })
      }
    },
    async poll() {
      const ticket = get().ticket
      if (!ticket || get().status !== 'waiting') return false
      try {
        const res = await deps.api.pollWebTicket(ticket.id)
        if (res.status === 'approved') {
          deps.session.getState().adopt(res.token, res.user)
          set({ ticket: null, status: 'idle' })
          return true
        }
        if (res.status !== 'waiting') set({ status: 'expired' })
      } catch {
        // A missed poll is retried by the next one.
      }
      return false
    },
    async load(id) {
      set({ request: null, error: null })
      try {
        set({ request: await deps.api.webTicketDetails(id) })
      } catch (e) {
        set({ error: messageOf(e) })
      }
    },
    async approve() {
      const request = get().request
      if (!request || get().approving) return false
      set({ approving: true, error: null })
      try {
        await deps.api.approveWebTicket(request.id)
        set({ approving: false, request: { ...request, expired: true } })
        return true
      } catch (e) {
        set({ approving: false, error: messageOf(e) })
        return false
      }
    }
  }))
}

export type WebSignInStore = ReturnType<typeof createWebSignInStore>
