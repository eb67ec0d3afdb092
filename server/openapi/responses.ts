import type {
  AccountDetail,
  RegistryAccountDetail,
  AccountItem,
  AuditItem,
  CatalogDetail,
  CatalogVersion,
  CircularView,
  RectificationReportView,
  DemoUser,
  DepartmentItem,
  EvidenceReceipt,
  EvidenceSearchResult,
  EvidenceText,
  InspectionReceipt,
  IssueDetail,
  IssueItem,
  IssuePage,
  IssuedCode,
  Page,
  Person,
  PracticeItem,
  PracticeList,
  RegistryAccount,
  RegistryImportChanges,
  RegistryImportPreview,
  RegistryUnit,
  Round,
  RoundDetail,
  RoundOverview,
  RoundStats,
  RoundSummary,
  SetupStatus,
  PeopleImportPreview,
  PeopleImportResult,
  IssuedInvitation,
  InvitationItem,
  JoinOutcome,
  JoinRequestItem,
  User,
  WordingTermItem,
  LeaderItem
} from '../../src/core'
import type { ProofHit } from '../../src/core/proofread'
import type { ReminderOutcome } from '../services/reminders'

/**
 * What each API route answers on success, by status: the source of the OpenAPI document's
 * response schemas. `npm run -s openapi:schemas` turns it into `responses.schema.json` (a test
 * fails when that file is stale, when a route is missing here, and when a route's real answer in
 * the authorization matrix does not match its schema).
 */

/** A file download (.xlsx, .docx) or an image. */
type Binary = string

type Ok = { ok: true }
type Assigned = { assigned: number; byInspector: Record<string, number> }
type WithEvents = RegistryAccountDetail

export interface Responses {
  'GET /api/v1/health': { 200: { status: 'ok' } }
  'GET /api/v1/auth/demo-users': { 200: { items: DemoUser[] } }
  'POST /api/v1/auth/demo': { 200: { token: string; user: User } }
  /** cityWide: the caller's scope is the whole city (a district admin's is not: city-wide settings are read-only to them). */
  'GET /api/v1/me': { 200: { user: User; today: string; ocr: boolean; cityWide: boolean } }
  'POST /api/v1/auth/wechat': { 200: { status: 'signed-in'; token: string; user: User } | { status: 'bind-required'; ticket: string } }
  'POST /api/v1/auth/bind': { 200: { token: string; user: User } }
  'POST /api/v1/auth/bind-code': { 200: { token: string; user: User } }
  'GET /api/v1/setup': { 200: SetupStatus }
  'POST /api/v1/people/imports': { 201: PeopleImportPreview }
  'POST /api/v1/people/imports/:importId/commit': { 200: PeopleImportResult }
  'POST /api/v1/departments/:departmentId/invitations': { 201: IssuedInvitation }
  'GET /api/v1/invitations': { 200: { items: InvitationItem[] } }
  'DELETE /api/v1/invitations/:invitationId': { 200: InvitationItem }
  'GET /api/v1/join/:token': { 200: { departmentName: string; expiresAt: string } }
  'POST /api/v1/join/:token': { 200: JoinOutcome }
  'GET /api/v1/join-requests': { 200: { items: JoinRequestItem[] } }
  'POST /api/v1/join-requests/:requestId/approve': { 200: { ok: true; userId: string | null } }
  'POST /api/v1/join-requests/:requestId/reject': { 200: { ok: true; userId: string | null } }
  'POST /api/v1/auth/web-tickets': { 201: { id: string; expiresAt: string } }
  'GET /api/v1/auth/web-tickets/:ticketId': { 200: { status: 'waiting'; expiresAt: string } | { status: 'expired' } | { status: 'collected' } | { status: 'approved'; token: string; user: User } }
  'GET /api/v1/auth/web-tickets/:ticketId/details': { 200: { id: string; ip: string; agent: string; createdAt: string; expiresAt: string; expired: boolean } }
  'POST /api/v1/auth/web-tickets/:ticketId/approve': { 200: Ok }
  'POST /api/v1/auth/logout': { 200: Ok }
  'GET /api/v1/audit': { 200: Page<AuditItem> }
  'GET /api/v1/users': { 200: Page<Person> }
  'POST /api/v1/users': { 201: IssuedCode }
  'PATCH /api/v1/users/:userId': { 200: Person }
  'POST /api/v1/users/:userId': { 200: Person }
  'POST /api/v1/users/:userId/bind-code': { 200: IssuedCode }
  'DELETE /api/v1/users/:userId/sessions': { 200: { ended: number } }
  'GET /api/v1/rounds': { 200: Page<Round> }
  'GET /api/v1/catalogs': { 200: { items: CatalogVersion[]; total: number } }
  'GET /api/v1/catalogs/:catalogId': { 200: CatalogDetail }
  'POST /api/v1/catalogs/:catalogId/clone': { 201: CatalogDetail }
  'PUT /api/v1/catalogs/:catalogId': { 200: CatalogDetail }
  'POST /api/v1/catalogs/:catalogId/publish': { 200: CatalogDetail }
  'POST /api/v1/rounds': { 201: RoundDetail & { accounts: number } }
  'POST /api/v1/rounds/:roundId/assignments': { 200: Assigned }
  'POST /api/v1/rounds/:roundId/open': { 200: RoundDetail }
  'POST /api/v1/rounds/:roundId/close': { 200: RoundDetail }
  'GET /api/v1/rounds/:roundId': { 200: RoundDetail }
  'GET /api/v1/rounds/:roundId/summary': { 200: RoundSummary }
  'GET /api/v1/rounds/:roundId/stats': { 200: RoundStats }
  'GET /api/v1/rounds/:roundId/circular': { 200: CircularView }
  'PUT /api/v1/rounds/:roundId/circular': { 200: CircularView }
  'GET /api/v1/rounds/:roundId/circular.docx': { 200: Binary }
  'GET /api/v1/rounds/:roundId/share-card.png': { 200: Binary }
  'GET /api/v1/departments/:departmentId/rectification-report': { 200: RectificationReportView }
  'GET /api/v1/departments/:departmentId/rectification-report.docx': { 200: Binary }
  'PUT /api/v1/practices/:clientId': { 200: PracticeItem; 201: PracticeItem }
  'GET /api/v1/rounds/:roundId/practices': { 200: PracticeList }
  'PATCH /api/v1/practices/:id': { 200: PracticeItem }
  'POST /api/v1/practices/:id': { 200: PracticeItem }
  'GET /api/v1/rounds/:roundId/accounts': { 200: Page<AccountItem> }
  'GET /api/v1/rounds/:roundId/accounts/:accountId': { 200: AccountDetail }
  'GET /api/v1/rounds/:roundId/issues': { 200: Page<IssueItem> }
  'GET /api/v1/rounds/:roundId/issues.xlsx': { 200: Binary }
  'POST /api/v1/subscriptions': { 200: { remaining: { deadline: number; returned: number } } }
  'POST /api/v1/registry/imports': { 201: RegistryImportPreview }
  'GET /api/v1/registry/imports/:importId': { 200: RegistryImportPreview }
  'GET /api/v1/registry/imports/:importId/errors.xlsx': { 200: Binary }
  'POST /api/v1/registry/imports/:importId/commit': { 200: RegistryImportChanges }
  'GET /api/v1/registry/departments': { 200: { items: RegistryUnit[]; total: number } }
  'GET /api/v1/registry/accounts': { 200: Page<RegistryAccount> }
  'GET /api/v1/registry/accounts/:accountId': { 200: WithEvents }
  'POST /api/v1/registry/accounts/:accountId': { 200: WithEvents }
  'GET /api/v1/registry/export.xlsx': { 200: Binary }
  'POST /api/v1/reminders/run': { 200: ReminderOutcome }
  'GET /api/v1/rounds/:roundId/overview': { 200: RoundOverview }
  'POST /api/v1/evidence': { 200: EvidenceReceipt; 201: EvidenceReceipt }
  'POST /api/v1/evidence/check': { 200: { held: string[]; missing: string[] } }
  'GET /api/v1/evidence/:sha256': { 200: Binary }
  'GET /api/v1/evidence/:sha256/thumb': { 200: Binary }
  'GET /api/v1/evidence/:sha256/text': { 200: EvidenceText }
  'GET /api/v1/wording-terms': { 200: { items: WordingTermItem[] } }
  'POST /api/v1/wording-terms': { 201: WordingTermItem }
  'DELETE /api/v1/wording-terms/:id': { 200: Ok }
  'POST /api/v1/proofread': { 200: { hits: ProofHit[] } }
  'GET /api/v1/leaders': { 200: { items: LeaderItem[] } }
  'POST /api/v1/leaders': { 201: LeaderItem }
  'PUT /api/v1/leaders/:id': { 200: LeaderItem }
  'DELETE /api/v1/leaders/:id': { 200: Ok }
  'GET /api/v1/rounds/:roundId/evidence-search': { 200: EvidenceSearchResult }
  'PUT /api/v1/inspections/:clientId': { 200: InspectionReceipt; 201: InspectionReceipt }
  'GET /api/v1/inspections/:clientId': { 200: InspectionReceipt }
  'GET /api/v1/departments': { 200: Page<DepartmentItem> }
  'GET /api/v1/departments/:departmentId/issues': { 200: IssuePage }
  'GET /api/v1/issues/:issueId': { 200: IssueDetail }
  'PUT /api/v1/issues/:issueId/answers/:clientId': { 200: IssueDetail; 201: IssueDetail }
  'PUT /api/v1/issues/:issueId/reviews/:clientId': { 200: IssueDetail; 201: IssueDetail }
}
