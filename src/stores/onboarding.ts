import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { UploadSource } from '../api/transport'
import type { InvitationItem, IssuedInvitation, JoinOutcome, JoinRequestItem, PeopleImportPreview, PeopleImportResult, User } from '../api/types'
import { messageOf } from './errors'

export interface OnboardingState {
  /** The people import's dry run, then its result. */
  preview: PeopleImportPreview | null
  result: PeopleImportResult | null
  invitations: InvitationItem[]
  /** The invitation just made: its QR code and share card are shown once. */
  issued: IssuedInvitation | null
  requests: JoinRequestItem[]
  busy: boolean
  error: string | null
  /** Liaisons from the registry (file null), or a people sheet: the dry run. */
  plan(file: (UploadSource & { name: string }) | null): Promise<boolean>
  commit(): Promise<boolean>
  reset(): void
  loadInvitations(): Promise<void>
  invite(departmentId: string): Promise<boolean>
  revoke(id: string): Promise<boolean>
  approve(id: string, name: string): Promise<boolean>
  reject(id: string): Promise<boolean>
}

/** The admin's side of a whole office's people: bulk creation, unit invitations, join requests. */
export function createOnboardingStore(deps: {
  api: Pick<ApiClient, 'planPeople' | 'commitPeople' | 'invite' | 'invitations' | 'revokeInvitation' | 'joinRequests' | 'approveJoin' | 'rejectJoin'>
}) {
  return createStore<OnboardingState>()((set, get) => {
    const run = async (work: () => Promise<void>): Promise<boolean> => {
      if (get().busy) return false
      set({ busy: true, error: null })
      try {
        await work()
        set({ busy: false })
        return true
      } catch (e) {
        set({ busy: false, error: messageOf(e) })
        return false
      }
    }
    return {
      preview: null,
      result: null,
      invitations: [],
      issued: null,
      requests: [],
      busy: false,
      error: null,
      plan: (file) => run(async () => set({ preview: await deps.api.planPeople(file), result: null })),
      commit: () =>
        run(async () => {
          const preview = get().preview
          if (!preview) return
          const result = await deps.api.commitPeople(preview.id)
          set({ result, preview: { ...preview, committed: true } })
        }),
      reset: () => set({ preview: null, result: null, error: null }),
      loadInvitations: async () => {
        try {
          const [inv, req] = await Promise.all([deps.api.invitations(), deps.api.joinRequests()])
          set({ invitations: inv.items, requests: req.items })
        } catch (e) {
          set({ error: messageOf(e) })
        }
      },
      invite: (departmentId) =>
        run(async () => {
          const issued = await deps.api.invite(departmentId)
          set((s) => ({ issued, invitations: [issued, ...s.invitations] }))
        }),
      revoke: (id) =>
        run(async () => {
          const item = await deps.api.revokeInvitation(id)
          set((s) => ({ invitations: s.invitations.map((i) => (i.id === id ? item : i)), issued: s.issued?.id === id ? null : s.issued }))
        }),
      approve: (id, name) =>
        run(async () => {
          await deps.api.approveJoin(id, name)
          set((s) => ({ requests: s.requests.filter((r) => r.id !== id) }))
        }),
      reject: (id) =>
        run(async () => {
          await deps.api.rejectJoin(id)
          set((s) => ({ requests: s.requests.filter((r) => r.id !== id) }))
        })
    }
  })
}

export type OnboardingStore = ReturnType<typeof createOnboardingStore>

export interface JoinState {
  invitation: { departmentName: string; expiresAt: string } | null
  outcome: JoinOutcome | null
  busy: boolean
  error: string | null
  open(token: string): Promise<void>
  /** The phone button's code (getPhoneNumber); the WeChat login code is fetched here. */
  join(token: string, phoneCode: string): Promise<JoinOutcome | null>
}

/** Someone opening a unit's invitation in the mini-program. */
export function createJoinStore(deps: {
  api: Pick<ApiClient, 'invitation' | 'join'>
  wechatCode: () => Promise<string | null>
  adopt: (token: string, user: User) => void
}) {
  return createStore<JoinState>()((set, get) => ({
    invitation: null,
    outcome: null,
    busy: false,
    error: null,
    async open(token) {
      set({ invitation: null, error: null, outcome: null })
      try {
        set({ invitation: await deps.api.invitation(token) })
      } catch (e) {
        set({ error: messageOf(e) })
      }
    },
    async join(token, phoneCode) {
      if (get().busy) return null
      set({ busy: true, error: null })
      try {
        const outcome = await deps.api.join(token, await deps.wechatCode(), phoneCode)
        if (outcome.status === 'signed-in') deps.adopt(outcome.token, outcome.user)
        set({ outcome, busy: false })
        return outcome
      } catch (e) {
        set({ busy: false, error: messageOf(e) })
        return null
      }
    }
  }))
}

export type JoinStore = ReturnType<typeof createJoinStore>
