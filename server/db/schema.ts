import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/**
 * The database as Kysely sees it. Same tables on SQLite and PostgreSQL:
 * text ids, ISO-8601 text timestamps, "YYYY-MM-DD" text dates, 0/1 integers for flags,
 * JSON as text. Nullable columns are `T | null`, never optional.
 */

export interface DepartmentTable {
  id: string
  parent_id: string | null
  name: string
  short_name: string
  level: string
  /** 'city' for city-level departments, 'local' for districts, their departments, towns and streets. */
  host_level: string
  search_key: ColumnType<string | null, string | null | undefined, string | null>
}

export interface AccountTable {
  id: string
  name: string
  platform: string
  platform_ref: string
  host_department_id: string
  operator: string
  contact: string
  status: string
  stop_notice_on: string | null
  registry_no: string
  opened_on: string
  /** The platform as the registry names it (抖音, 今日头条); '' when the type says it all. */
  platform_detail: Generated<string>
  closed_on: string | null
  updated_at: string | null
  /** Pinyin of the name, initials and full ("wxcg wuxichengguan"), for search; null until filled. */
  search_key: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CatalogTable {
  id: string
  code: string
  version: number
  name: string
  /** The whole catalog as JSON (src/core Catalog). Frozen once published. */
  definition: string
  /** null while the version is a draft. */
  published_at: ColumnType<string | null, string | null | undefined, string | null>
}

export interface RoundTable {
  id: string
  name: string
  catalog_id: string
  deadline: string
  contact_name: string
  contact_phone: string
  state: string
  created_at: string
  /** JSON: {kind:"all"} or {kind:"sample", percent, seed, strata}; null for rounds from before. */
  scope: ColumnType<string | null, string | null | undefined, string | null>
  created_by: ColumnType<string | null, string | null | undefined, string | null>
  /** The unit the round belongs to (an admin placed in a district made it); null: the city office's. */
  department_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CheckpointTable {
  id: string
  round_id: string
  seq: number
  date: string
}

export interface RoundAccountTable {
  round_id: string
  account_id: string
  inspector_id: string | null
  /** The account's verdict in the round from its current inspections (fail if any fails); null before the first. */
  verdict: ColumnType<string | null, string | null | undefined, string | null>
}

export interface UserTable {
  id: string
  username: string
  name: string
  role: string
  department_id: string | null
  openid: ColumnType<string | null, string | null | undefined, string | null>
  active: ColumnType<number, number | undefined, number>
  created_at: ColumnType<string | null, string | null | undefined, string | null>
  /** Mobile number (11 digits): an invitation binds whoever confirms it with WeChat. */
  phone: ColumnType<string | null, string | null | undefined, string | null>
}

export interface PeopleImportTable {
  id: string
  created_by: string
  created_at: string
  source: string
  /** The dry run's rows (JSON): what the commit creates. */
  plan: string
  committed_at: string | null
}

export interface InvitationTable {
  id: string
  token_hash: string
  department_id: string
  created_by: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface JoinRequestTable {
  id: string
  invitation_id: string
  department_id: string
  openid: string
  phone: string
  status: string
  created_at: string
  decided_by: string | null
  decided_at: string | null
  user_id: string | null
}

export interface BindCodeTable {
  code_hash: string
  user_id: string
  created_at: string
  expires_at: string
  used_at: string | null
}

export interface LoginTicketTable {
  id: string
  openid: string
  created_at: string
  expires_at: string
  failures: ColumnType<number, number | undefined, number>
  used_at: string | null
}

export interface WebTicketTable {
  id: string
  created_at: string
  expires_at: string
  ip: string
  agent: string
  approved_by: string | null
  approved_at: string | null
  token: string | null
  collected_at: string | null
}

/** A fixed-window counter shared by every process on the database (sign-in guesses per address). */
export interface RateLimitTable {
  key: string
  window_start: string
  hits: number
}

/** Append-only: the API has no route that changes or deletes a row. */
export interface AuditLogTable {
  id: string
  at: string
  actor_id: string | null
  actor_name: string
  action: string
  entity: string
  entity_id: string
  /** The department the entity belongs to, for scoped reading (null: city-wide). */
  department_id: string | null
  before: string | null
  after: string | null
  ip: string
}

export interface SubscriptionTable {
  id: string
  user_id: string
  /** 'deadline' or 'returned'. */
  kind: string
  accepted_at: string
  used_at: string | null
}

export interface ReminderLogTable {
  issue_id: string
  rule: string
  user_id: string
  /** 'sent', 'failed' or 'refused' (no subscription left, or WeChat refused). */
  status: string
  detail: string
  at: string
}

export interface SessionTable {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token: string
  user_id: string
  created_at: string
  expires_at: string
  last_seen_at: ColumnType<string | null, string | null | undefined, string | null>
  /** 1 for a session opened by the demo sign-in. */
  demo: ColumnType<number, number | undefined, number>
}

export interface EvidenceTable {
  sha256: string
  mime: string
  size: number
  width: number
  height: number
  uploaded_by: string
  created_at: string
  /** Perceptual fingerprint (server/storage/fingerprint.ts) for near-duplicate screenshots; null until computed. */
  phash: ColumnType<string | null, string | null | undefined, string | null>
}

export interface InspectionTable {
  id: string
  client_id: string
  round_id: string
  checkpoint_id: string
  account_id: string
  inspector_id: string
  verdict: string
  score: number | null
  /** SHA-256 of the canonical request body: a replay with the same body is recognised. */
  body_hash: string
  is_current: number
  submitted_at: string
  version: ColumnType<number, number | undefined, number>
}

export interface InspectionVersionTable {
  inspection_id: string
  version: number
  body_hash: string
  /** The submission as received (JSON). */
  body: string
  verdict: string
  submitted_at: string
}

export interface InspectionResultTable {
  inspection_id: string
  indicator_code: string
  result: string
  note: string
  value: string | null
}

export interface InspectionEvidenceTable {
  inspection_id: string
  indicator_code: string
  sha256: string
  seq: number
}

export interface IssueTable {
  id: string
  round_id: string
  account_id: string
  department_id: string
  indicator_code: string
  indicator_kind: string
  inspection_id: string
  finding: string
  status: string
  created_at: string
  updated_at: ColumnType<string, string, string>
}

export interface IssueEventTable {
  id: string
  issue_id: string
  client_id: string
  action: string
  from_status: string
  to_status: string
  actor_id: string
  note: string
  at: string
}

export interface IssueEventEvidenceTable {
  event_id: string
  sha256: string
  seq: number
}

/** A dated change of an account: created, renamed, suspended (停更), closed (注销), reopened, updated. */
export interface AccountEventTable {
  id: string
  account_id: string
  at: string
  /** The calendar day the change took effect (the stop-update notice's date for a suspension). */
  on_date: string
  kind: string
  /** JSON: what changed, { field: [before, after] }. */
  detail: string
  actor_id: string | null
  import_id: string | null
}

/** A registry import's dry run, kept until it is committed: the plan is JSON. */
/** What the office writes itself into a round's circular; the rest comes from the data. */
export interface CircularTable {
  round_id: string
  office: string
  doc_no: string
  title: string
  practices: string
  next_steps: string
  /** 版记: 抄送 as the office writes it; 印发机关 (empty: the issuing office). */
  copy_to: ColumnType<string, string | undefined, string>
  printed_by: ColumnType<string, string | undefined, string>
  updated_at: string
  updated_by: string | null
}

/** A department's 整改情况报告 for a round: when it was last generated, by whom, and how far it went. */
export interface RectificationReportTable {
  round_id: string
  department_id: string
  generated_at: string
  generated_by: string
  issues: number
  done: number
}

/** Who has sent a screenshot's bytes: the first uploader and anyone who sent the same bytes again. */
export interface EvidenceHolderTable {
  sha256: string
  user_id: string
  at: string
}

/** A good practice (典型做法) an inspector flagged; the admin rewords and picks it for the circular. */
export interface PracticeTable {
  id: string
  client_id: string
  round_id: string
  account_id: string
  inspector_id: string
  theme: string
  note: string
  wording: string | null
  picked: ColumnType<number, number | undefined, number>
  created_at: string
  updated_at: string
  updated_by: string | null
}

export interface PracticeEvidenceTable {
  practice_id: string
  sha256: string
  seq: number
}

/** What the optional OCR read from a screenshot (server/ocr). */
export interface EvidenceTextTable {
  sha256: string
  status: 'done' | 'failed'
  width: number | null
  height: number | null
  /** JSON: OcrLine[] */
  lines: string
  /** The lines' text joined, without spaces: what search looks in. */
  text: string
  error: string | null
  attempts: number
  engine: string
  read_at: string
  ms: number | null
}

/** A wrong form of an official term the office added to the shipped dictionary. */
export interface WordingTermTable {
  id: string
  wrong: string
  right: string
  source: string
  created_by: string
  created_at: string
}

export interface LeaderTable {
  id: string
  name: string
  title: string
  since: string
  created_by: string
  created_at: string
  updated_at: string
}

export interface RegistryImportTable {
  id: string
  created_by: string
  created_at: string
  filename: string
  scope_department_id: string | null
  plan: string
  committed_at: string | null
  result: string | null
}

export interface Database {
  departments: DepartmentTable
  accounts: AccountTable
  catalogs: CatalogTable
  rounds: RoundTable
  checkpoints: CheckpointTable
  round_accounts: RoundAccountTable
  users: UserTable
  sessions: SessionTable
  evidence: EvidenceTable
  inspections: InspectionTable
  inspection_results: InspectionResultTable
  inspection_evidence: InspectionEvidenceTable
  inspection_versions: InspectionVersionTable
  issues: IssueTable
  issue_events: IssueEventTable
  issue_event_evidence: IssueEventEvidenceTable
  subscriptions: SubscriptionTable
  reminder_log: ReminderLogTable
  bind_codes: BindCodeTable
  login_tickets: LoginTicketTable
  web_tickets: WebTicketTable
  audit_log: AuditLogTable
  rate_limits: RateLimitTable
  account_events: AccountEventTable
  registry_imports: RegistryImportTable
  circulars: CircularTable
  rectification_reports: RectificationReportTable
  practices: PracticeTable
  evidence_holders: EvidenceHolderTable
  practice_evidence: PracticeEvidenceTable
  evidence_text: EvidenceTextTable
  wording_terms: WordingTermTable
  leaders: LeaderTable
  people_imports: PeopleImportTable
  invitations: InvitationTable
  join_requests: JoinRequestTable
}

export type DepartmentRow = Selectable<DepartmentTable>
export type AccountRow = Selectable<AccountTable>
export type RoundRow = Selectable<RoundTable>
export type UserRow = Selectable<UserTable>
export type NewInspection = Insertable<InspectionTable>
export type NewIssue = Insertable<IssueTable>
