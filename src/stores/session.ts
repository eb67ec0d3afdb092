import { createStore } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { ApiClient } from '../api/client'
import type { DemoUser, User } from '../api/types'
import { ApiError } from '../api/transport'
import { messageOf } from './errors'

export interface SessionState {
  token: string | null
  user: User | null
  demoUsers: DemoUser[]
  loading: boolean
  error: string | null
  /** A WeChat sign-in waiting for the person's bind code. */
  ticket: string | null
  /** Why the last session ended without the person signing out (shown on the login page). */
  notice: string | null
  loadDemoUsers(): Promise<void>
  loginDemo(username: string): Promise<boolean>
  /** 微信登录: true when signed in; false with `ticket` set when a bind code is needed, or with `error`. */
  loginWeChat(): Promise<boolean>
  /** A bind code: with a WeChat ticket it binds WeChat; without one (a browser) it signs in by itself. */
  bind(code: string): Promise<boolean>
  logout(): Promise<void>
  /** The server no longer accepts this token. */
  ended(token: string): void
  /** A session obtained another way (the desktop QR sign-in). */
  adopt(token: string, user: User): void
}

export const SESSION_KEY = 'gnm.session'

/** Who is logged in. Persists only the token and the user (version 1). */
export function createSessionStore(deps: {
  api: Pick<ApiClient, 'demoUsers' | 'loginDemo' | 'loginWeChat' | 'bind' | 'signInWithCode' | 'logout'>
  storage: StateStorage
  /** wx.login's code (weapp); null where the platform vouches for the user (Cloud Hosting). */
  wechatCode: () => Promise<string | null>
}) {
  return createStore<SessionState>()(
    persist(
      (set, get) => ({
        token: null,
        user: null,
        demoUsers: [],
        loading: false,
        error: null,
        ticket: null,
        notice: null,
        async loadDemoUsers() {
          set({ loading: true, error: null })
          try {
            const { items } = await deps.api.demoUsers()
            set({ demoUsers: items, loading: false })
          } catch (e) {
            // A real server has no demo sign-in: that is not an error to show.
            if (e instanceof ApiError && e.code === 'NOT_FOUND') set({ demoUsers: [], loading: false })
            else set({ loading: false, error: messageOf(e) })
          }
        },
        async loginDemo(username) {
          set({ loading: true, error: null })
          try {
            const { token, user } = await deps.api.loginDemo(username)
            set({ token, user, loading: false, notice: null })
            return true
          } catch (e) {
            set({ loading: false, error: messageOf(e) })
            return false
          }
        },
        async loginWeChat() {
          set({ loading: true, error: null, ticket: null })
          try {
            const res = await deps.api.loginWeChat(await deps.wechatCode())
            if (res.status === 'signed-in') {
              set({ token: res.token, user: res.user, loading: false, notice: null })
              return true
            }
            set({ ticket: res.ticket, loading: false })
            return false
          } catch (e) {
            set({ loading: false, error: e instanceof ApiError ? e.message : '微信登录失败，请稍后重试' })
            return false
          }
        },
        async bind(code) {
          const ticket = get().ticket
          const clean = code.toUpperCase().replace(/[\s-]/g, '')
          if (clean.length !== 8) {
            set({ error: '绑定码是 8 位字母和数字，请核对后重新输入' })
            return false
          }
          set({ loading: true, error: null })
          try {
            // In WeChat the code binds the WeChat sign-in's ticket; in a browser it signs in by itself.
            const { token, user } = ticket ? await deps.api.bind(ticket, clean) : await deps.api.signInWithCode(clean)
            set({ token, user, ticket: null, loading: false, notice: null })
            return true
          } catch (e) {
            // A dead ticket cannot be retried: start again from 微信登录.
            const dead = e instanceof ApiError && e.code === 'TICKET_INVALID'
            set({ loading: false, error: messageOf(e), ...(dead ? { ticket: null } : {}) })
            return false
          }
        },
        async logout() {
          if (get().token) await deps.api.logout().catch(() => undefined)
          set({ token: null, user: null, ticket: null, notice: null })
        },
        adopt(token, user) {
          set({ token, user, ticket: null, notice: null, error: null })
        },
        ended(token) {
          if (get().token !== token) return
          set({ token: null, user: null, notice: '登录已失效（已过期、被管理员结束或账号已停用），请重新登录' })
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
