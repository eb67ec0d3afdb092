import type { AccountStatus, Catalog, IndicatorKind, IssueStatus, Platform, Role, RoundState, Verdict } from './types'
import type { MappedValueField, RegistryField, ValueMapping } from './registry'
import type { PlatformCount } from './platforms'
import type { DeadlineState, IssueAction } from './deadline'
import type { CircularText } from './circular'
import type { PracticeTheme } from './practices'
import type { RepeatMark, RoundResult } from './repeat'
import type { OcrLine, WordingHit } from './ocr'

/**
 * The shapes the API answers with: the server's services return them, the app's client reads
 * them. One definition for both sides.
 */

export interface Page<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

export interface User {
  id: string
  username: string
  name: string
  role: Role
  departmentId: string | null
  departmentName: string | null
}

export interface DemoUser {
  username: string
  name: string
  role: Role
  departmentId: string | null
  departmentName: string | null
}

export interface Checkpoint {
  id: string
  seq: number
  date: string
}

export interface Round {
  id: string
  name: string
  checkpoints: Checkpoint[]
  deadline: string
  contactName: string
  contactPhone: string
  catalogId: string
  state: RoundState
  /** The rectification deadline as the server's clock sees it now (the demo's clock sits inside the round). */
  due: DeadlineState
  /** How its accounts were chosen; null for rounds set up before this was recorded. */
  scope: RoundScopeInfo | null
}

export type RoundScopeInfo = (
  | { kind: 'all'; of: number }
  | { kind: 'sample'; percent: number; seed: number; of: number; strata: { stratum: string; of: number; drawn: number }[] }
) & {
  /** The registry's accounts the round left out, and why (absent on rounds set up before this was recorded). */
  left?: { closed: number; suspended: number; notYetOpened: number; accounts: { id: string; name: string; unit: string; reason: string }[] }
}

export interface RoundDetail extends Round {
  catalog: Catalog
}

export interface RoundSummary {
  registered: number
  byHostLevel: { city: number; local: number }
  byPlatform: Record<Platform, number>
  /** By platform kind, in the fixed order; kinds with none left out. */
  byKind: PlatformCount[]
  /** Accounts inspected for the round: every checkpoint has its inspection (passed + failed). */
  inspected: number
  /** Accounts with their current inspection at each checkpoint: 「第1轮 38/40 · 第2轮 12/40」. */
  checkpoints: { id: string; seq: number; date: string; inspected: number }[]
  passed: number
  failed: number
  passRate: number | null
}

export interface AccountItem {
  id: string
  name: string
  platform: Platform
  /** The platform as shown: 微信公众号, 抖音, 今日头条 … or the office's own word (src/core/platforms.ts). */
  platformName: string
  platformRef: string
  department: { id: string; name: string }
  /** Who the account is assigned to in this round (null: nobody yet; then only an admin inspects it). */
  inspector: { id: string; name: string } | null
  /** A repeat offender in this round: failed in the round before too, or again after a confirmed rectification. */
  repeat: RepeatMark | null
  /**
   * The current inspection of each checkpoint that has one: `complete` is false while screenshots
   * are missing; `submissions` above 1 means several inspectors or devices inspected it (the
   * latest is current, all are kept).
   */
  inspections: Record<string, { verdict: Verdict; submittedAt: string; complete: boolean; submissions: number }>
}

export interface EvidenceReceipt {
  sha256: string
  mime: string
  size: number
  width: number
  height: number
  created: boolean
}

/**
 * What OCR read from a screenshot (GET /evidence/:sha256/text): 'off' when the server has no OCR,
 * 'pending' until it is read, 'done' with the lines and the suspected wording errors, 'failed'.
 */
export interface EvidenceText {
  sha256: string
  status: 'off' | 'pending' | 'done' | 'failed'
  width: number | null
  height: number | null
  lines: OcrLine[]
  hits: WordingHit[]
  /** Why it failed, in Chinese. */
  error: string | null
  /** When the screenshot reached the server: what relative dates resolve against when the app did not note when it was picked. */
  uploadedAt: string
  /** The server's clock as it answered: the app dates a screenshot on the server's calendar (a phone's clock may be off). */
  now: string
}

/** One entry of the dictionary of wrong forms (GET /wording-terms). */
export interface WordingTermItem {
  /** null for the shipped entries, which cannot be removed. */
  id: string | null
  wrong: string
  right: string
  source: string
  /** The lexicon's category (同音字, 成语, 职务 …), or 本单位错敏词库 for the office's own. */
  category: string
  shipped: boolean
}

/** One row of the office's leaders' table (GET /leaders): a name and the title(s) held since a day. */
export interface LeaderItem {
  id: string
  name: string
  /** 「市委常委、常务副市长」: several titles with 、 between them. */
  title: string
  /** YYYY-MM-DD. */
  since: string
  updatedAt: string
}

/** A screenshot of a round whose text holds the phrase (GET /rounds/:id/evidence-search). */
export interface EvidenceSearchHit {
  accountId: string
  accountName: string
  platform: Platform
  platformName: string
  unitName: string
  checkpointId: string
  checkpointDate: string
  sha256: string
  /** The line(s) holding the phrase. */
  quote: string
}

export interface EvidenceSearchResult {
  q: string
  items: EvidenceSearchHit[]
  /** More screenshots matched than were returned. */
  truncated: boolean
  /** Screenshots of the round not read yet (OCR off or still reading): the search cannot see them. */
  unread: number
}

export interface InspectionReceipt {
  id: string
  clientId: string
  roundId: string
  checkpointId: string
  accountId: string
  verdict: Verdict
  score: number | null
  submittedAt: string
  issueIds: string[]
  replayed: boolean
  /** 1 for the first accepted version; a changed resubmission under the same client id adds one. */
  version: number
  /** Receipts: the screenshots this inspection refers to, which the server holds and which it lacks. */
  evidence: { expected: number; held: string[]; missing: string[] }
  /** False while screenshots are missing: the office sees the inspection as incomplete. */
  complete: boolean
}

export interface IssueItem {
  id: string
  round: { id: string; name: string; deadline: string }
  account: { id: string; name: string; platform: Platform; platformName: string }
  department: { id: string; name: string }
  indicator: { code: string; kind: IndicatorKind; title: string; category: string }
  finding: string
  checkpointDate: string
  evidence: string[]
  status: IssueStatus
  createdAt: string
  updatedAt: string
  /** When the department's latest answer came (null before the first). */
  answeredAt: string | null
  /** Where the issue stands against the deadline, by the server's clock: late answers read 逾期反馈. */
  due: DeadlineState
  /** The office's reason, while the issue is returned (退回). */
  returnReason: string | null
  /** The account is a repeat offender in this round (src/core/repeat.ts). */
  repeat: RepeatMark | null
}

export interface IssuePage extends Page<IssueItem> {
  department: { id: string; name: string }
}

export interface TimelineEntry {
  action: 'found' | IssueAction
  status: IssueStatus
  actor: { name: string; role: Role }
  at: string
  note: string
  evidence: string[]
  /** On answers, for the office's reviewer: screenshots that repeat the finding's or another's. */
  flags?: EvidenceFlag[]
}

/** Subscribe-message template ids (wx.requestSubscribeMessage) for an issue's reminders, from GET /me. */
export interface ReminderTemplates {
  deadline: string
  returned: string
}

export interface IssueDetail extends IssueItem {
  overdue: boolean
  timeline: TimelineEntry[]
}

export interface OverviewCounts {
  /** Waiting for the department: open or returned. */
  open: number
  /** Of those, returned by the office with a reason. */
  returned: number
  submitted: number
  verified: number
  /** Open or returned past the deadline day. */
  overdue: number
  /** Answered, but after the deadline day (逾期反馈). */
  late: number
  total: number
}

export interface OverviewRow extends OverviewCounts {
  department: { id: string; name: string }
  /** The department's 整改情况报告: when it was last generated, and by whom (null: not yet). */
  report: { at: string; by: string } | null
}

export interface RoundOverview {
  deadline: string
  totals: OverviewCounts
  items: OverviewRow[]
}

/** Where a department's 整改情况报告 for a round stands (GET /departments/:id/rectification-report). */
export interface RectificationReportView {
  department: { id: string; name: string }
  round: { id: string; name: string; deadline: string }
  issues: number
  /** Answered (已反馈) or confirmed (已确认). */
  answered: number
  confirmed: number
  /** Open or returned: the report states them with a planned date. */
  pending: number
  /** Answered after the deadline, or still open past it. */
  late: number
  /** The deadline has passed with issues pending: the report needs a planned date (plannedBy). */
  planRequired: boolean
  /** When the report was last generated, and by whom. */
  generated: { at: string; by: string } | null
}

/** One submitted inspection of an account, as the account's page lists them (newest first). */
export interface InspectionHistoryItem {
  clientId: string
  checkpointId: string
  inspector: string
  verdict: Verdict
  score: number | null
  submittedAt: string
  /** The result the office counts (the latest for its checkpoint). */
  current: boolean
  version: number
  failed: { code: string; title: string; note: string }[]
}

export interface AccountDetail {
  account: AccountItem
  history: InspectionHistoryItem[]
  /** The account's result in each round it was inspected in, oldest first. */
  rounds: RoundResult[]
}

/** A person as the people pages show them. */
export interface Person {
  id: string
  name: string
  role: Role
  departmentId: string | null
  departmentName: string | null
  active: boolean
  /** Signed in with WeChat at least once (an openid is bound). */
  bound: boolean
}

/** A new person or a reissued code: the bind code is shown once, here, and stored only hashed. */
export interface IssuedCode {
  id: string
  name: string
  role: Role
  departmentId: string | null
  bindCode: string
  expiresAt: string
}

export interface DepartmentItem {
  id: string
  parentId: string | null
  name: string
  shortName: string
  level: string
  hostLevel: string
}

/** A registry import's dry run (POST /registry/imports), and the same read back (GET /registry/imports/:id). */
export interface RegistryImportPreview {
  id: string
  filename: string
  /** The row (1-based) the header was found on, in the first sheet read. */
  headerRow: number
  /** The first sheet's columns; `reason` says why a header that is no known synonym was read as its field. */
  columns: { header: string; field: RegistryField | null; reason?: string | null }[]
  /** Every worksheet: read (with its header row and data rows) or not (with why). */
  sheets: { name: string; read: boolean; headerRow: number | null; rows: number; note: string }[]
  /** Data rows read (blank, total and note rows not counted). */
  total: number
  /** Rows numbered as in the sheet; `sheet` names the worksheet ('' for a single table); `column` is the header at fault ('' for the row as a whole). */
  errors: { sheet: string; row: number; column: string; code: string; message: string }[]
  /** Rows under a header that are not accounts (合计, 填表说明, a repeated header, a separator): not errors. The first 200. */
  skipped: { sheet: string; row: number; reason: string; text: string }[]
  skippedCount: number
  /** Words of a platform, level or status column the importer does not know: the admin maps each once (`values`). */
  unknownValues: { field: MappedValueField; value: string; rows: number }[]
  /** The admin's value mapping as applied. */
  values: ValueMapping
  /** What the registry will count once committed, as the summary and the circular print it: the file's running accounts. */
  breakdown: {
    running: number
    byHostLevel: { city: number; local: number }
    byPlatform: PlatformCount[]
    suspended: number
    closed: number
  }
  /** Units the commit creates or whose level it sets, with their level and parent. */
  units: { name: string; action: 'create' | 'relevel'; level: string; levelLabel: string; hostLevel: 'city' | 'local'; parent: string | null }[]
  /** Unit names that look like one unit written two ways; `merged` when the admin chose to merge them (`merges`). */
  nearDuplicates: { name: string; like: string; merged: boolean }[]
  changes: RegistryImportChanges
  /** Accounts of the admin's scope the file does not list (closed at commit only when asked). */
  missing: { id: string; name: string; platform: string; unit: string }[]
  /** What would change, row by row (the first 200). */
  sample: { sheet: string; row: number; action: 'create' | 'update' | 'unchanged'; name: string; changed: string[] }[]
  committed: boolean
}

export interface RegistryImportChanges {
  created: number
  updated: number
  unchanged: number
  closed: number
}

/** A unit of the registry's tree (GET /registry/departments), with its accounts by status. */
export interface RegistryUnit {
  id: string
  parentId: string | null
  name: string
  level: string
  hostLevel: string
  /** The unit's own accounts. */
  own: Record<AccountStatus, number>
  /** With every unit below it. */
  total: Record<AccountStatus, number>
  /** Accounts closed without a stop-update notice (a finding for the unit): its own, and with every unit below. */
  findings: { own: number; total: number }
}

/** An account as the registry holds it (GET /registry/accounts). */
export interface RegistryAccount {
  id: string
  name: string
  platform: Platform
  /** The platform as the registry names it (抖音, 今日头条); '' when the type says it all. */
  platformDetail: string
  platformName: string
  platformRef: string
  status: AccountStatus
  /** 运行, 停更, 注销, or 「停更（公告日期未填）」 / 「已注销（日期未填）」 when the date is missing. */
  statusText: string
  stopNoticeDate: string | null
  closedOn: string | null
  department: { id: string; name: string }
  operator: string
  phone: string
  registryNo: string
  openedOn: string
  /** What the registry itself counts against the department (closed without a stop-update notice), or null. */
  finding: string | null
}

/** An account of the registry as its page shows it: its record, its dated changes, and its result in each round. */
export type RegistryAccountDetail = RegistryAccount & {
  events: AccountEventItem[]
  /** Its result in each round (not drafts) it was inspected in, oldest first. */
  rounds: RoundResult[]
}

/** A dated change of an account: created, renamed, suspended, closed, reopened, updated. */
export interface AccountEventItem {
  at: string
  onDate: string
  kind: string
  detail: unknown
  actor: string | null
}

/** A version of an indicator catalog in the list (GET /catalogs). */
export interface CatalogVersion {
  id: string
  code: string
  version: number
  name: string
  published: boolean
  publishedAt: string | null
  indicators: number
  /** Rounds bound to this version. */
  rounds: number
}

/** One version with its indicators (GET /catalogs/:id); a draft until published. */
export type CatalogDetail = Catalog & { published: boolean }

/** What an admin may change in a draft (PUT /catalogs/:id). */
export interface CatalogEdit {
  name: string
  scoring: { base: number; passMark: number } | null
  indicators: Catalog['indicators']
}

/** One row of a pass-rate breakdown: by platform, host level or competent unit. */
export interface PassRateRow {
  /** The platform, 'city'/'local', or the unit's department id. */
  key: string
  label: string
  registered: number
  inspected: number
  failed: number
  passRate: number | null
}

/** GET /rounds/:id/stats: the leader's summary of a round, within the caller's scope. */
export interface RoundStats {
  round: { id: string; name: string; state: RoundState; deadline: string }
  /** When these figures were read. */
  at: string
  registered: number
  byHostLevel: { city: number; local: number }
  byPlatform: Record<Platform, number>
  /** Registered accounts by platform kind (抖音, 今日头条 … each by its own name), in the fixed order; kinds with none left out. */
  byKind: PlatformCount[]
  inspected: number
  passed: number
  failed: number
  /** Accounts failing in this round and the one before, or again after a confirmed rectification (src/core/repeat.ts). */
  repeatOffenders: number
  passRate: number | null
  passByPlatform: PassRateRow[]
  passByHostLevel: PassRateRow[]
  /** The competent units (city departments, districts), most failures first. */
  passByUnit: PassRateRow[]
  /** Accounts failing at least one single-veto item of each category (安全, 内容更新, 互动回应 …). */
  vetoByCategory: { category: string; accounts: number }[]
  /** Every indicator that failed, with how many accounts failed it, most first. */
  failuresByIndicator: { code: string; title: string; category: string; kind: IndicatorKind; accounts: number }[]
  rectification: OverviewCounts
  /** Units with open or overdue issues, overdue first. */
  unitsByOpen: OverviewRow[]
  /** The pass rate of the last rounds up to this one, oldest first. */
  trend: { roundId: string; name: string; inspected: number; failed: number; passRate: number | null }[]
}

/** GET /rounds/:id/circular: what the office wrote itself, and the circular's text as it would be generated now. */
export interface CircularView {
  office: string
  docNo: string
  title: string
  /** Section 二 (主要做法和成效), one paragraph per line. */
  practices: string
  /** Section 四 (下一步工作要求), one paragraph per line. */
  nextSteps: string
  /** 版记: 抄送 as the office writes it (empty: no 抄送 line). */
  copyTo: string
  /** 版记: 印发机关 (empty: the issuing office). */
  printedBy: string
  updatedAt: string | null
  updatedBy: string | null
  preview: CircularText
  /** 数据核对: the gaps to see before the circular is signed. */
  check: CircularCheck
}

/** A good practice an inspector flagged (GET /rounds/:id/practices, PUT /practices/:clientId). */
export interface PracticeItem {
  id: string
  clientId: string
  roundId: string
  account: { id: string; name: string; platform: Platform; platformName: string }
  department: { id: string; name: string }
  inspector: { id: string; name: string }
  theme: PracticeTheme
  note: string
  /** The admin's wording for the circular; null while the inspector's note stands. */
  wording: string | null
  picked: boolean
  evidence: string[]
  createdAt: string
  updatedAt: string
}

/** A round's good practices, grouped by theme in PRACTICE_THEMES order (themes without any left out). */
export interface PracticeList {
  roundId: string
  groups: { theme: PracticeTheme; items: PracticeItem[] }[]
  picked: number
  total: number
}

/**
 * A rectification screenshot that proves nothing: the same image (same SHA-256) or a near copy
 * (perceptual fingerprint within the threshold) as the finding's screenshot, an earlier answer's,
 * or a screenshot used for another account in the round.
 */
export interface EvidenceFlag {
  /** The answer's screenshot. */
  sha256: string
  kind: 'identical' | 'similar'
  /** Mean grey difference of the two fingerprints, 0–255 (0 for identical). */
  distance: number
  match: {
    sha256: string
    source: 'finding' | 'earlier-answer' | 'other-account'
    /** The account the matching screenshot was used for. */
    account: string
    at: string
  }
}

/** 数据核对 (in GET /rounds/:id/circular): what the office checks before the circular is signed. */
export interface CircularCheck {
  /** Per checkpoint: the round's accounts still without their inspection (the first 50) and how many. */
  checkpoints: { id: string; seq: number; date: string; missing: number; accounts: { id: string; name: string; unit: string }[] }[]
  /** Accounts of the round nobody was assigned to. */
  unassigned: { count: number; accounts: { id: string; name: string; unit: string }[] }
  /** The registry's own problems (停更 or 注销 without a stop-update notice): named in 存在问题 as their own kind. */
  registryFindings: { count: number; accounts: { id: string; name: string; unit: string; platform: string; finding: string }[] }
  /** The figures the circular prints beside the registry's own counts of running accounts today. */
  figures: { label: string; circular: number; registry: number }[]
  /** Each gap in a sentence; empty when the circular is ready to sign. */
  gaps: string[]
}

/** What the server counts within an admin's scope (GET /api/v1/setup). */
export interface SetupStatus {
  /** Accounts in the registry. */
  accounts: number
  /** Units (departments) in the unit tree. */
  units: number
  /** Active people by role. */
  people: { inspector: number; liaison: number; leader: number; admin: number }
  /** People who have signed in at least once with WeChat. */
  signedUp: number
  /** Published indicator catalog versions. */
  catalogs: number
  rounds: { draft: number; open: number; closed: number }
}

/** One person a people import would create (POST /people/imports), or why not. */
export interface PeoplePlanRow {
  /** Where the row is: 「人员!第3行」, or the registry's unit for people read from it. */
  where: string
  name: string
  /** 11-digit mobile, or null. */
  phone: string | null
  unitId: string | null
  unitName: string
  role: Role
  action: 'create' | 'exists' | 'error'
  /** Why it is not created (exists, error); null for a row to create. */
  reason: string | null
}

export interface PeopleImportPreview {
  id: string
  source: 'registry' | 'sheet'
  filename: string | null
  rows: PeoplePlanRow[]
  counts: { create: number; exists: number; error: number }
  committed: boolean
}

export interface PeopleImportResult {
  id: string
  created: number
  /** By role, for the admin's note: 「新建联络员 213 名」. */
  byRole: Record<Role, number>
}

/** A unit's invitation: shown once with its token (as a QR code and share card); listed without it. */
export interface InvitationItem {
  id: string
  departmentId: string
  departmentName: string
  createdAt: string
  expiresAt: string
  revoked: boolean
  /** Past its expiry on the server's clock. */
  expired: boolean
  /** People who joined through it (bound at once or approved). */
  joined: number
}

export interface IssuedInvitation extends InvitationItem {
  token: string
  /** The mini-program page it opens: `pages/join/index?t=…`. */
  path: string
}

/** Someone who opened an invitation with a number nobody holds, waiting for an admin. */
export interface JoinRequestItem {
  id: string
  departmentId: string
  departmentName: string
  /** Masked: 138****1234. */
  phone: string
  createdAt: string
}

export type JoinOutcome = { status: 'signed-in'; token: string; user: User } | { status: 'pending'; requestId: string; departmentName: string }
