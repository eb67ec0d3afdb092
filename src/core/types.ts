/** Shared domain types. Pure data: no framework imports here (see src/core/README.md). */

export type Platform = 'wechat' | 'weibo' | 'app' | 'other'
export const PLATFORMS: readonly Platform[] = ['wechat', 'weibo', 'app', 'other']
export const PLATFORM_LABELS: Record<Platform, string> = {
  wechat: '微信公众号',
  weibo: '微博',
  app: '移动客户端',
  other: '其他'
}

/** City-level department hosts versus counties/districts, their departments, towns and streets. */
export type HostLevel = 'city' | 'local'

export type DepartmentLevel = 'city' | 'district' | 'city-dept' | 'district-dept' | 'town' | 'other'
export const DEPARTMENT_LEVEL_LABELS: Record<DepartmentLevel, string> = {
  city: '市',
  district: '市(县)区',
  'city-dept': '市级部门',
  'district-dept': '区级部门',
  town: '乡镇街道',
  other: '其他单位'
}

export type AccountStatus = 'active' | 'suspended' | 'closed'

export type Role = 'inspector' | 'liaison' | 'leader' | 'admin'
export const ROLES: readonly Role[] = ['inspector', 'liaison', 'leader', 'admin']
export const ROLE_LABELS: Record<Role, string> = {
  inspector: '检查员',
  liaison: '联络员',
  leader: '领导',
  admin: '管理员'
}

export type IndicatorKind = 'veto' | 'deduction' | 'bonus'
export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
  veto: '单项否决',
  deduction: '扣分',
  bonus: '加分'
}

/** A rule the app evaluates by itself instead of asking pass/fail. */
export interface UpdateLagRule {
  type: 'update-lag'
  /** A latest post this many days or more before the checkpoint fails. */
  days: number
}
export type IndicatorRule = UpdateLagRule

export interface Indicator {
  code: string
  category: string
  kind: IndicatorKind
  title: string
  /** Longer explanation shown under the title. */
  description: string
  /** Deduction or bonus points; 0 for veto items. */
  points: number
  /** Whether a failure must carry at least one screenshot. */
  evidenceRequired: boolean
  rule: IndicatorRule | null
  /**
   * The office's common finding phrases for this item (「留言功能无法使用」), offered as chips when
   * it fails so a note needs no typing. Absent: the shipped defaults (findingPhrases); [] none.
   */
  phrases?: string[]
}

export interface Catalog {
  /** Stable id including the version, e.g. "national-2019@1". */
  id: string
  code: string
  version: number
  name: string
  /** null when the catalog judges on veto items only; otherwise 100-point scoring. */
  scoring: { base: number; passMark: number } | null
  indicators: Indicator[]
}

export type ResultValue = 'pass' | 'fail' | 'na'

/** One indicator's answer as the inspector gave it. */
export interface Answer {
  code: string
  /** For rule-driven indicators the result is computed from `value`; clients still send what they showed. */
  result: ResultValue | null
  note: string
  /** For update-lag: the date (YYYY-MM-DD) of the latest post. */
  value: string | null
  /** SHA-256 hex digests of evidence images. */
  evidence: string[]
}

export type Verdict = 'pass' | 'fail'

export interface VerdictResult {
  /** null while some indicator is unanswered. */
  verdict: Verdict | null
  /** Score where the catalog scores; null for veto-only catalogs. */
  score: number | null
  failedVeto: string[]
  failed: string[]
  unanswered: string[]
  /** Per-indicator effective result, after rules. */
  results: Record<string, ResultValue | null>
}

export const VERDICT_LABELS: Record<Verdict, string> = { pass: '合格', fail: '不合格' }

export type IssueStatus = 'open' | 'submitted' | 'verified' | 'returned'
export const ISSUE_STATUS_LABELS: Record<IssueStatus, string> = {
  open: '待整改',
  submitted: '已反馈',
  verified: '已确认',
  returned: '退回'
}

export type RoundState = 'draft' | 'open' | 'closed'
export const ROUND_STATE_LABELS: Record<RoundState, string> = {
  draft: '草稿',
  open: '进行中',
  closed: '已结束'
}
