import type { Answer, AuditItem, PracticeTheme, Role } from '../core'
import type { ProofHit } from '../core/proofread'
import { ApiError, type Transport, type TransportRequest, type UploadSource } from './transport'
import type {
  DepartmentItem,
  IssuedCode,
  Person,
  AccountDetail,
  AccountItem,
  DemoUser,
  EvidenceReceipt,
  EvidenceSearchResult,
  EvidenceText,
  WordingTermItem,
  LeaderItem,
  InspectionReceipt,
  IssueDetail,
  ReminderTemplates,
  IssueItem,
  IssuePage,
  Page,
  Round,
  RoundDetail,
  RoundOverview,
  RectificationReportView,
  RoundStats,
  RoundSummary,
  RegistryAccountDetail,
  CatalogDetail,
  CircularView,
  PracticeItem,
  PracticeList,
  CatalogEdit,
  CatalogVersion,
  RegistryAccount,
  RegistryImportChanges,
  RegistryImportPreview,
  RegistryUnit,
  SetupStatus,
  PeopleImportPreview,
  PeopleImportResult,
  IssuedInvitation,
  InvitationItem,
  JoinOutcome,
  JoinRequestItem,
  User
} from './types'

export interface AccountQuery {
  q?: string
  platform?: string | null
  departmentId?: string | null
  checkpointId?: string | null
  status?: 'pending' | 'inspected' | 'failed' | 'repeat' | null
  /** An inspector's id, or 'none' for accounts assigned to nobody (admin, leader). */
  assignee?: string | null
  page?: number
  pageSize?: number
}

export interface InspectionBody {
  roundId: string
  checkpointId: string
  accountId: string
  answers: Answer[]
}

/** A liaison's answer to an issue: what was rectified, with screenshots (SHA-256). */
export interface AnswerBody {
  note: string
  evidence: string[]
}

/** A good practice an inspector flags on an account (PUT /practices/:clientId). */
export interface PracticeBody {
  roundId: string
  accountId: string
  theme: PracticeTheme
  note: string
  evidence: string[]
}

function toError(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
  if (error?.code) return new ApiError(status, error.code, error.message ?? '请求失败', error.details)
  if (status >= 500) return new ApiError(status, 'SERVER', '服务器暂时不可用，请稍后再试')
  return new ApiError(status, 'UNEXPECTED', `请求失败（${status}）`)
}

/**
 * The typed API. `token` is read on every call so a login takes effect at once; when the server
 * no longer accepts the token (expired, ended by an admin, the person deactivated),
 * `onSessionEnded` hears of it once per token.
 */
export function createApiClient(transport: Transport, token: () => string | null, onSessionEnded?: (token: string) => void) {
  async function call<T>(req: Omit<TransportRequest, 'token'>): Promise<T> {
    const sent = token()
    let res
    try {
      res = await transport.request({ ...req, token: sent })
    } catch {
      throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
    }
    if (res.status >= 200 && res.status < 300) return res.data as T
    const error = toError(res.status, res.data)
    if (sent && error.code === 'UNAUTHENTICATED') onSessionEnded?.(sent)
    throw error
  }

  return {
    demoUsers: () => call<{ items: DemoUser[] }>({ method: 'GET', path: '/auth/demo-users' }),
    loginDemo: (username: string) => call<{ token: string; user: User }>({ method: 'POST', path: '/auth/demo', body: { username } }),
    /** The signed-in user, and the server's calendar date (Beijing time; the demo's clock stands in 2024). */
    me: () => call<{ user: User; today: string; ocr: boolean; cityWide: boolean; reminders: ReminderTemplates | null }>({ method: 'GET', path: '/me' }),
    /** A `wx.login` code (or none on Cloud Hosting, where the platform vouches for the openid). */
    loginWeChat: (code: string | null) =>
      call<{ status: 'signed-in'; token: string; user: User } | { status: 'bind-required'; ticket: string }>({ method: 'POST', path: '/auth/wechat', body: code ? { code } : {} }),
    bind: (ticket: string, bindCode: string) => call<{ token: string; user: User }>({ method: 'POST', path: '/auth/bind', body: { ticket, bindCode } }),
    /** A browser's first sign-in: the one-time bind code alone. */
    signInWithCode: (bindCode: string) => call<{ token: string; user: User }>({ method: 'POST', path: '/auth/bind-code', body: { bindCode } }),
    setup: () => call<SetupStatus>({ method: 'GET', path: '/setup' }),
    logout: () => call<{ ok: true }>({ method: 'POST', path: '/auth/logout', body: {} }),
    people: (page: number) => call<Page<Person>>({ method: 'GET', path: '/users', query: { page, pageSize: 50 } }),
    createPerson: (body: { name: string; role: Role; departmentId: string | null }) => call<IssuedCode>({ method: 'POST', path: '/users', body }),
    updatePerson: (id: string, patch: { name?: string; role?: Role; departmentId?: string | null; active?: boolean }) =>
      call<Person>({ method: 'POST', path: `/users/${encodeURIComponent(id)}`, body: patch }),
    reissueCode: (id: string) => call<IssuedCode>({ method: 'POST', path: `/users/${encodeURIComponent(id)}/bind-code`, body: {} }),
    endSessions: (id: string) => call<{ ended: number }>({ method: 'DELETE', path: `/users/${encodeURIComponent(id)}/sessions` }),
    departments: (q: string) => call<Page<DepartmentItem>>({ method: 'GET', path: '/departments', query: { q, pageSize: 20 } }),
    audit: (q: { entity?: string; entityId?: string; actor?: string; page?: number }) => call<Page<AuditItem>>({ method: 'GET', path: '/audit', query: { ...q, pageSize: 50 } }),
    createWebTicket: () => call<{ id: string; expiresAt: string }>({ method: 'POST', path: '/auth/web-tickets', body: {} }),
    pollWebTicket: (id: string) =>
      call<{ status: 'waiting'; expiresAt: string } | { status: 'expired' } | { status: 'collected' } | { status: 'approved'; token: string; user: User }>({
        method: 'GET',
        path: `/auth/web-tickets/${encodeURIComponent(id)}`
      }),
    webTicketDetails: (id: string) =>
      call<{ id: string; ip: string; agent: string; createdAt: string; expiresAt: string; expired: boolean }>({ method: 'GET', path: `/auth/web-tickets/${encodeURIComponent(id)}/details` }),
    approveWebTicket: (id: string) => call<{ ok: true }>({ method: 'POST', path: `/auth/web-tickets/${encodeURIComponent(id)}/approve`, body: {} }),
    rounds: () => call<Page<Round>>({ method: 'GET', path: '/rounds' }),
    createRound: (body: { name: string; catalogId: string; checkpoints: string[]; deadline: string; contactName: string; contactPhone: string; scope: { kind: 'all' } | { kind: 'sample'; percent: number; seed?: number } }) =>
      call<RoundDetail & { accounts: number }>({ method: 'POST', path: '/rounds', body }),
    assignRound: (id: string, inspectorIds: string[]) =>
      call<{ assigned: number; byInspector: Record<string, number> }>({ method: 'POST', path: `/rounds/${encodeURIComponent(id)}/assignments`, body: { mode: 'even', inspectorIds } }),
    catalogs: () => call<{ items: CatalogVersion[]; total: number }>({ method: 'GET', path: '/catalogs' }),
    catalog: (id: string) => call<CatalogDetail>({ method: 'GET', path: `/catalogs/${encodeURIComponent(id)}` }),
    cloneCatalog: (id: string) => call<CatalogDetail>({ method: 'POST', path: `/catalogs/${encodeURIComponent(id)}/clone`, body: {} }),
    saveCatalog: (id: string, edit: CatalogEdit) => call<CatalogDetail>({ method: 'PUT', path: `/catalogs/${encodeURIComponent(id)}`, body: edit }),
    publishCatalog: (id: string) => call<CatalogDetail>({ method: 'POST', path: `/catalogs/${encodeURIComponent(id)}/publish`, body: {} }),
    assignAccounts: (id: string, items: { accountId: string; inspectorId: string }[]) =>
      call<{ assigned: number; byInspector: Record<string, number> }>({ method: 'POST', path: `/rounds/${encodeURIComponent(id)}/assignments`, body: { mode: 'manual', items } }),
    moveRound: (id: string, to: 'open' | 'close') => call<RoundDetail>({ method: 'POST', path: `/rounds/${encodeURIComponent(id)}/${to}`, body: {} }),
    round: (id: string) => call<RoundDetail>({ method: 'GET', path: `/rounds/${encodeURIComponent(id)}` }),
    circular: (id: string) => call<CircularView>({ method: 'GET', path: `/rounds/${encodeURIComponent(id)}/circular` }),
    saveCircular: (id: string, body: Pick<CircularView, 'office' | 'docNo' | 'title' | 'practices' | 'nextSteps' | 'copyTo' | 'printedBy'>) =>
      call<CircularView>({ method: 'PUT', path: `/rounds/${encodeURIComponent(id)}/circular`, body }),
    practices: (roundId: string) => call<PracticeList>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/practices` }),
    putPractice: (clientId: string, body: PracticeBody) => call<PracticeItem>({ method: 'PUT', path: `/practices/${encodeURIComponent(clientId)}`, body }),
    updatePractice: (id: string, patch: { wording?: string | null; theme?: PracticeTheme; picked?: boolean }) =>
      call<PracticeItem>({ method: 'POST', path: `/practices/${encodeURIComponent(id)}`, body: patch }),
    circularDocxUrl: (id: string) => transport.fileUrl(`/rounds/${encodeURIComponent(id)}/circular.docx`, token()),
    /** The picture the leader's summary is shared into a WeChat chat with (500 × 400 PNG). */
    shareCardUrl: (id: string) => transport.fileUrl(`/rounds/${encodeURIComponent(id)}/share-card.png`, token()),
    stats: (id: string) => call<RoundStats>({ method: 'GET', path: `/rounds/${encodeURIComponent(id)}/stats` }),
    summary: (id: string) => call<RoundSummary>({ method: 'GET', path: `/rounds/${encodeURIComponent(id)}/summary` }),
    accounts: (roundId: string, q: AccountQuery) =>
      call<Page<AccountItem>>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/accounts`, query: { ...q } }),
    accountDetail: (roundId: string, accountId: string) =>
      call<AccountDetail>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/accounts/${encodeURIComponent(accountId)}` }),
    departmentIssues: (departmentId: string, q: { roundId?: string | null; status?: string | null; page?: number }) =>
      call<IssuePage>({ method: 'GET', path: `/departments/${encodeURIComponent(departmentId)}/issues`, query: { ...q } }),
    roundIssues: (roundId: string, q: { status?: string | null; page?: number }) =>
      call<Page<IssueItem>>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/issues`, query: { ...q } }),
    putInspection: (clientId: string, body: InspectionBody) =>
      call<InspectionReceipt>({ method: 'PUT', path: `/inspections/${encodeURIComponent(clientId)}`, body }),
    issue: (id: string) => call<IssueDetail>({ method: 'GET', path: `/issues/${encodeURIComponent(id)}` }),
    answerIssue: (issueId: string, clientId: string, body: AnswerBody) =>
      call<IssueDetail>({ method: 'PUT', path: `/issues/${encodeURIComponent(issueId)}/answers/${encodeURIComponent(clientId)}`, body }),
    reviewIssue: (issueId: string, clientId: string, body: { decision: 'verify' | 'return'; reason: string }) =>
      call<IssueDetail>({ method: 'PUT', path: `/issues/${encodeURIComponent(issueId)}/reviews/${encodeURIComponent(clientId)}`, body }),
    overview: (roundId: string) => call<RoundOverview>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/overview` }),
    rectificationReport: (departmentId: string, roundId: string) =>
      call<RectificationReportView>({ method: 'GET', path: `/departments/${encodeURIComponent(departmentId)}/rectification-report`, query: { roundId } }),
    rectificationReportDocxUrl: (departmentId: string, roundId: string, plannedBy: string | null) =>
      transport.fileUrl(
        `/departments/${encodeURIComponent(departmentId)}/rectification-report.docx?roundId=${encodeURIComponent(roundId)}${plannedBy ? `&plannedBy=${encodeURIComponent(plannedBy)}` : ''}`,
        token()
      ),
    subscribe: (kinds: ('deadline' | 'returned')[]) =>
      call<{ remaining: Record<'deadline' | 'returned', number> }>({ method: 'POST', path: '/subscriptions', body: { kinds } }),
    checkEvidence: (digests: string[]) => call<{ held: string[]; missing: string[] }>({ method: 'POST', path: '/evidence/check', body: { digests } }),
    inspectionReceipt: (clientId: string) => call<InspectionReceipt>({ method: 'GET', path: `/inspections/${encodeURIComponent(clientId)}` }),
    /**
     * A registry workbook's dry run; `mapping` changes what a column means ({header: field or null}),
     * `values` what an unknown word means ({platform|level|status: {word: choice}}), `merges` which unit names are one.
     */
    async importRegistry(
      file: UploadSource & { name: string },
      mapping: Record<string, string | null> | null,
      extra: { values?: Record<string, Record<string, string>>; merges?: Record<string, string> } = {}
    ): Promise<RegistryImportPreview> {
      let res
      const json = (v: object | null | undefined) => (v && Object.keys(v).length ? JSON.stringify(v) : undefined)
      const fields: Record<string, string> = { filename: file.name }
      for (const [key, value] of [['mapping', json(mapping)], ['values', json(extra.values)], ['merges', json(extra.merges)]] as const) if (value) fields[key] = value
      try {
        res = await transport.upload('/registry/imports', file, token(), fields)
      } catch {
        throw new ApiError(0, 'NETWORK', '表格上传失败：网络连接中断')
      }
      if (res.status >= 200 && res.status < 300) return res.data as RegistryImportPreview
      throw toError(res.status, res.data)
    },
    /** People to create: from the registry's contact columns, or a people sheet (dry run). */
    async planPeople(file: (UploadSource & { name: string }) | null): Promise<PeopleImportPreview> {
      if (!file) return call<PeopleImportPreview>({ method: 'POST', path: '/people/imports', body: { source: 'registry' } })
      let res
      try {
        res = await transport.upload('/people/imports', file, token(), { filename: file.name })
      } catch {
        throw new ApiError(0, 'NETWORK', '表格上传失败：网络连接中断')
      }
      if (res.status >= 200 && res.status < 300) return res.data as PeopleImportPreview
      throw toError(res.status, res.data)
    },
    commitPeople: (id: string) => call<PeopleImportResult>({ method: 'POST', path: `/people/imports/${encodeURIComponent(id)}/commit`, body: {} }),
    invite: (departmentId: string) => call<IssuedInvitation>({ method: 'POST', path: `/departments/${encodeURIComponent(departmentId)}/invitations`, body: {} }),
    invitations: () => call<{ items: InvitationItem[] }>({ method: 'GET', path: '/invitations' }),
    revokeInvitation: (id: string) => call<InvitationItem>({ method: 'DELETE', path: `/invitations/${encodeURIComponent(id)}` }),
    invitation: (token: string) => call<{ departmentName: string; expiresAt: string }>({ method: 'GET', path: `/join/${encodeURIComponent(token)}` }),
    /** Opens an invitation: the WeChat login code (null on Cloud Hosting) and the phone button's code. */
    join: (token: string, code: string | null, phoneCode: string) =>
      call<JoinOutcome>({ method: 'POST', path: `/join/${encodeURIComponent(token)}`, body: code ? { code, phoneCode } : { phoneCode } }),
    joinRequests: () => call<{ items: JoinRequestItem[] }>({ method: 'GET', path: '/join-requests' }),
    approveJoin: (id: string, name: string) => call<{ ok: true; userId: string | null }>({ method: 'POST', path: `/join-requests/${encodeURIComponent(id)}/approve`, body: { name } }),
    rejectJoin: (id: string) => call<{ ok: true; userId: string | null }>({ method: 'POST', path: `/join-requests/${encodeURIComponent(id)}/reject`, body: {} }),
    registryTree: () => call<{ items: RegistryUnit[]; total: number }>({ method: 'GET', path: '/registry/departments' }),
    registryAccounts: (q: { q?: string; departmentId?: string | null; status?: string | null; findings?: '1'; page?: number }) =>
      call<Page<RegistryAccount>>({ method: 'GET', path: '/registry/accounts', query: { ...q, pageSize: 30 } }),
    registryAccount: (id: string) => call<RegistryAccountDetail>({ method: 'GET', path: `/registry/accounts/${encodeURIComponent(id)}` }),
    changeAccount: (id: string, body: { name?: string; status?: 'active' | 'suspended' | 'closed'; date?: string }) =>
      call<RegistryAccountDetail>({ method: 'POST', path: `/registry/accounts/${encodeURIComponent(id)}`, body }),
    registryExportUrl: () => transport.fileUrl('/registry/export.xlsx', token()),
    commitImport: (id: string, closeMissing: boolean) =>
      call<RegistryImportChanges>({ method: 'POST', path: `/registry/imports/${encodeURIComponent(id)}/commit`, body: { closeMissing } }),
    importErrorsUrl: (id: string) => transport.fileUrl(`/registry/imports/${encodeURIComponent(id)}/errors.xlsx`, token()),
    async uploadEvidence(file: UploadSource): Promise<EvidenceReceipt> {
      let res
      try {
        res = await transport.upload('/evidence', file, token())
      } catch {
        throw new ApiError(0, 'NETWORK', '截图上传失败：网络连接中断')
      }
      if (res.status >= 200 && res.status < 300) return res.data as EvidenceReceipt
      throw toError(res.status, res.data)
    },
    /** The issue list as .xlsx: a department (with sub-units), or the round within the user's scope. */
    issuesXlsxUrl: (roundId: string, departmentId: string | null) =>
      transport.fileUrl(`/rounds/${encodeURIComponent(roundId)}/issues.xlsx${departmentId ? `?departmentId=${encodeURIComponent(departmentId)}` : ''}`, token()),
    /** What OCR read from a screenshot (status 'off' when the server has no OCR). */
    evidenceText: (sha256: string) => call<EvidenceText>({ method: 'GET', path: `/evidence/${encodeURIComponent(sha256)}/text` }),
    wordingTerms: () => call<{ items: WordingTermItem[] }>({ method: 'GET', path: '/wording-terms' }),
    addWordingTerm: (body: { wrong: string; right: string; source: string }) => call<WordingTermItem>({ method: 'POST', path: '/wording-terms', body }),
    removeWordingTerm: (id: string) => call<{ ok: true }>({ method: 'DELETE', path: `/wording-terms/${encodeURIComponent(id)}` }),
    /** Suspected wording errors in any text (the circular's sections, good-practice wording): hints only. */
    proofread: (text: string) => call<{ hits: ProofHit[] }>({ method: 'POST', path: '/proofread', body: { text } }),
    leaders: () => call<{ items: LeaderItem[] }>({ method: 'GET', path: '/leaders' }),
    addLeader: (body: { name: string; title: string; since: string }) => call<LeaderItem>({ method: 'POST', path: '/leaders', body }),
    changeLeader: (id: string, body: { name: string; title: string; since: string }) => call<LeaderItem>({ method: 'PUT', path: `/leaders/${encodeURIComponent(id)}`, body }),
    removeLeader: (id: string) => call<{ ok: true }>({ method: 'DELETE', path: `/leaders/${encodeURIComponent(id)}` }),
    searchEvidenceText: (roundId: string, q: string) =>
      call<EvidenceSearchResult>({ method: 'GET', path: `/rounds/${encodeURIComponent(roundId)}/evidence-search`, query: { q } }),
    thumbUrl: (sha256: string) => transport.fileUrl(`/evidence/${sha256}/thumb`, token()),
    evidenceUrl: (sha256: string) => transport.fileUrl(`/evidence/${sha256}`, token())
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
