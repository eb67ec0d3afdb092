import type { Platform } from './types'

/**
 * Platforms as offices name them. The national system groups accounts in four (微信公众号, 微博,
 * 移动客户端, 其他: `Platform`, what is stored and sampled by); every platform inside 其他 — 抖音,
 * 今日头条, 视频号 … — keeps its own name wherever an account is shown or counted. A word no kind
 * knows stays as the office wrote it and counts as 其他.
 */
export type PlatformKind =
  | 'wechat'
  | 'weibo'
  | 'douyin'
  | 'kuaishou'
  | 'toutiao'
  | 'channels'
  | 'miniprogram'
  | 'app'
  | 'baijiahao'
  | 'bilibili'
  | 'xiaohongshu'
  | 'website'
  | 'other'

export interface PlatformKindSpec {
  kind: PlatformKind
  label: string
  /** The national group the kind is counted in. */
  group: Platform
  /** Words that name the kind, compared after normalizePlatformWord. */
  words: string[]
}

/** In the order every list and count prints them. */
export const PLATFORM_KINDS: readonly PlatformKindSpec[] = [
  { kind: 'wechat', label: '微信公众号', group: 'wechat', words: ['微信', '微信公众号', '微信公众平台', '公众号', '订阅号', '服务号', '微信订阅号', '微信服务号', '微信号', '政务微信', '微信公众号(订阅号)', '微信公众号(服务号)'] },
  { kind: 'weibo', label: '微博', group: 'weibo', words: ['微博', '新浪微博', '腾讯微博', '政务微博', '微博账号', '微博号'] },
  { kind: 'douyin', label: '抖音', group: 'other', words: ['抖音', '抖音号', '政务抖音', '抖音账号'] },
  { kind: 'kuaishou', label: '快手', group: 'other', words: ['快手', '快手号'] },
  { kind: 'toutiao', label: '今日头条', group: 'other', words: ['今日头条', '头条号', '头条', '今日头条号', '政务头条号'] },
  { kind: 'channels', label: '视频号', group: 'other', words: ['视频号', '微信视频号'] },
  { kind: 'miniprogram', label: '微信小程序', group: 'other', words: ['微信小程序', '小程序'] },
  { kind: 'app', label: '移动客户端', group: 'app', words: ['客户端', '移动客户端', 'app', '客户端/app', '客户端(app)', '移动app', '手机app', '政务app', '应用程序', '移动应用', '政务客户端', '手机客户端'] },
  { kind: 'baijiahao', label: '百家号', group: 'other', words: ['百家号', '百度百家号'] },
  { kind: 'bilibili', label: '哔哩哔哩', group: 'other', words: ['哔哩哔哩', 'b站', 'bilibili'] },
  { kind: 'xiaohongshu', label: '小红书', group: 'other', words: ['小红书'] },
  { kind: 'website', label: '网站专栏', group: 'other', words: ['网站专栏', '网站栏目', '政府网站专栏'] },
  { kind: 'other', label: '其他', group: 'other', words: ['其他', '其它'] }
]

/** Other platforms offices register, known but counted as 其他 under their own name. */
const OTHER_WORDS = ['人民号', '网易号', '企鹅号', '澎湃号', '强国号', '学习强国', '搜狐号', '一点号', '大鱼号', '西瓜视频', '知乎', '央视频', '新华号', '央视新闻号']

export const PLATFORM_KIND_LABELS = Object.fromEntries(PLATFORM_KINDS.map((k) => [k.kind, k.label])) as Record<PlatformKind, string>
export const PLATFORM_KIND_ORDER: readonly PlatformKind[] = PLATFORM_KINDS.map((k) => k.kind)

/** Full-width folded, spaces dropped, lower case: 「微信公众号（服务号）」 and 「微信公众号(服务号)」 are one word. */
export function normalizePlatformWord(word: string): string {
  return word.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase()
}

const KIND_BY_WORD = new Map<string, PlatformKindSpec>()
for (const spec of PLATFORM_KINDS) for (const w of spec.words) KIND_BY_WORD.set(normalizePlatformWord(w), spec)
const OTHER_WORD_SET = new Set(OTHER_WORDS.map(normalizePlatformWord))

export interface ParsedPlatform {
  platform: Platform
  kind: PlatformKind
  /** The platform as written (kept for display when the kind is 其他). */
  detail: string
}

/** A registry's platform word, or null when no kind knows it (the admin then maps it). */
export function parsePlatform(value: string): ParsedPlatform | null {
  const v = normalizePlatformWord(value)
  if (v === '') return null
  const spec = KIND_BY_WORD.get(v)
  if (spec) return { platform: spec.group, kind: spec.kind, detail: value.trim() }
  if (OTHER_WORD_SET.has(v)) return { platform: 'other', kind: 'other', detail: value.trim() }
  // 「其他（人民号）」, as the export writes a word no kind knows.
  const named = /^(其他|其它)[(:：-](.+?)\)?$/.exec(value.normalize('NFKC').trim())
  if (named?.[2]) return { platform: 'other', kind: 'other', detail: named[2].trim() }
  return null
}

/** The kind of a stored account: its group, refined by the word the registry wrote. */
export function platformKind(platform: Platform | string, detail: string): PlatformKind {
  const spec = KIND_BY_WORD.get(normalizePlatformWord(detail))
  if (spec && spec.group === platform) return spec.kind
  if (platform === 'wechat' || platform === 'weibo' || platform === 'app') return platform
  return 'other'
}

/** The name an account's platform is shown by: the kind's, or for 其他 the office's own word. */
export function platformName(platform: Platform | string, detail: string): string {
  const kind = platformKind(platform, detail)
  if (kind !== 'other') return PLATFORM_KIND_LABELS[kind]
  const word = detail.trim()
  return word === '' || /^(其他|其它)$/.test(word) ? PLATFORM_KIND_LABELS.other : word
}

export interface PlatformCount {
  kind: PlatformKind
  label: string
  group: Platform
  count: number
}

/** Counts by kind, in the fixed order, kinds with none left out. */
export function countByKind(accounts: Iterable<{ platform: Platform | string; platformDetail: string }>): PlatformCount[] {
  const counts = new Map<PlatformKind, number>()
  for (const a of accounts) {
    const k = platformKind(a.platform, a.platformDetail)
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return PLATFORM_KINDS.filter((s) => (counts.get(s.kind) ?? 0) > 0).map((s) => ({ kind: s.kind, label: s.label, group: s.group, count: counts.get(s.kind) ?? 0 }))
}

const PLATFORMS_IN_ORDER: readonly Platform[] = ['wechat', 'weibo', 'app', 'other']

/** What an account list may be filtered by: a national group (wechat, weibo, app, other: the whole group), a kind inside 其他 (douyin …), or 'unlisted' (其他 under a word no kind knows). */
export const PLATFORM_FILTERS: readonly string[] = [...PLATFORMS_IN_ORDER, ...PLATFORM_KINDS.filter((k) => k.group === 'other' && k.kind !== 'other').map((k) => k.kind), 'unlisted']

/** The filter key of a kind's row in a breakdown (其他 is 'unlisted', since 'other' filters the whole group). */
export function platformFilterKey(kind: PlatformKind): string {
  return kind === 'other' ? 'unlisted' : kind
}

/**
 * The stored (platform, platform_detail) pairs a filter selects, for a query: the group, and for
 * kinds inside 其他 the words that name them as offices write them (抖音, 抖音号, 头条号 …);
 * 'unlisted' excludes every known word.
 */
export function platformFilter(value: string): { platform: Platform; words: string[] | null; exclude: string[] | null } {
  if ((PLATFORMS_IN_ORDER as readonly string[]).includes(value)) return { platform: value as Platform, words: null, exclude: null }
  const variants = (w: string) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)]
  const inOther = PLATFORM_KINDS.filter((k) => k.group === 'other' && k.kind !== 'other')
  if (value === 'unlisted') return { platform: 'other', words: null, exclude: [...new Set(inOther.flatMap((k) => [k.label, ...k.words.flatMap(variants)]))] }
  const spec = inOther.find((k) => k.kind === value)
  if (!spec) return { platform: 'other', words: [], exclude: null }
  return { platform: 'other', words: [...new Set([spec.label, ...spec.words.flatMap(variants)])], exclude: null }
}

