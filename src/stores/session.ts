import { createStore } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { ApiClient } from '../api/client'
import type { DemoUser, User } from '../api/types'
import { messageOf } from './errors'

export interface SessionState {
  token: string | null
  user: User | null
  demoUsers: DemoUser[]
  loading: boolean
  error: string | null
  loadDemoUsers(): Promise<void>
  loginDemo(username: string): Promise<boolean>
  logout(): void
}

export const SESSION_KEY = 'gnm.session'

/** Who is logged in. Persists only the token and the user (version 1). */
export function createSessionStore(deps: { api: Pick<ApiClient, 'demoUsers' | 'loginDemo'>; storage: StateStorage }) {
  return createStore<SessionState>()(
    persist(
      (set) => ({
        token: null,
        user: null,
        demoUsers: [],
        loading: false,
        error: null,
        async loadDemoUsers() {
          set({ loading: true, error: null })
          try {
            const { items } = await deps.api.demoUsers()
            set({ demoUsers: items, loading: false })
          } catch (e) {
            set({ loading: false, error: messageOf(e) })
          }
        },
        async loginDemo(username) {
          set({ loading: true, error: null })
          try {
            const { token, user } = await deps.api.loginDemo(username)
            set({ token, user, loading: false })
            return true
          } catch (e) {
            set({ loading: false, error: messageOf(e) })
            return false
          }
        },
        logout() {
          set({ token: null, user: null })
        }
      }),
      {
        name: SESSION_KEY,
        version: 1,
        storage: createJSONStorage(() => deps.storage),
        partialize: (s) => ({ token: s.token, user: s.user })
      }
    )
  )
}

export type SessionStore = ReturnType<typeof createSessionStore>
