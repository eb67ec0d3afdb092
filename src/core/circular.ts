import { formatChineseDate } from './dates'
import { PLATFORM_LABELS, PLATFORMS } from './types'
import type { PlatformCount } from './platforms'
import { PRACTICE_THEME_LABELS, PRACTICE_THEMES, type PracticeTheme } from './practices'
import { repeatSentence, type RepeatOffender } from './repeat'

/**
 * The circular (通报) a round ends with, composed as text from the round's data and what the office
 * wrote itself (heading, sections 二 and 四), in the order the office writes it. The server renders
 * it as .docx; the app shows the same text as a preview.
 */

export interface CircularProblem {
  category: string
  account: string
  /** The platform's name as shown (platformName): 微信公众号, 抖音 … */
  platform: string
  unit: string
  indicator: string
  /** What the inspector wrote (may be empty). */
  finding: string
}

export interface CircularAnnexRow {
  unit: string
  account: string
  platform: string
  category: string
  indicator: string
  finding: string
  status: string
}

export interface CircularInput {
  roundName: string
  office: string
  docNo: string
  title: string
  /** Checkpoint dates, YYYY-MM-DD, in order. */
  checkpoints: string[]
  registered: number
  byHostLevel: { city: number; local: number }
  /** Registered accounts by platform kind, in the fixed order (countByKind). */
  byKind: PlatformCount[]
  inspected: number
  failed: number
  passRate: number | null
  /** The veto categories in the catalog's order (安全, 内容更新, 互动回应 …): problems are grouped by them, then the rest. */
  categories: string[]
  problems: CircularProblem[]
  /** The office's own words for section 二, one paragraph per line (an opening, or practices not flagged in the app). */
  practices: string
  /** The good practices the admin picked, in theme order: each names its account. */
  picked: { theme: PracticeTheme; account: string; text: string }[]
  nextSteps: string
  deadline: string
  contactName: string
  contactPhone: string
  annex: CircularAnnexRow[]
  /** Accounts failing in two consecutive rounds, or again after a confirmed rectification (src/core/repeat.ts). */
  repeat?: RepeatOffender[]
}

export interface CircularSection {
  heading: string
  /** Subheadings 「（一）安全方面」 come as their own paragraph, flagged. */
  paragraphs: { text: string; subheading?: boolean }[]
}

export interface CircularText {
  office: string
  docNo: string
  title: string
  addressee: string
  sections: CircularSection[]
  request: string
  annex: CircularAnnexRow[]
}

export const CIRCULAR_ADDRESSEE = '各市（县）、区人民政府，市各委办局，各有关单位：'

export const DEFAULT_NEXT_STEPS = [
  '（一）严把内容安全关。各地各部门要严格落实政务新媒体内容发布审核制度，坚持先审后发，杜绝严重表述错误和不当表述。',
  '（二）压实主管主办责任。主管单位要加强对所辖政务新媒体的监督指导，定期开展自查，发现问题及时整改。',
  '（三）规范账号全生命周期管理。政务新媒体开设、变更、关停须履行审批手续；拟关停的账号应先发布停更公告，再在平台注销，并在全国政务新媒体信息报送系统中同步关停。',
  '（四）推进整合集约。对功能相近、用户关注度低、更新维护困难的账号，要坚决整合关停。'
].join('\n')

export const DEFAULT_OFFICE = '市人民政府办公室'

/**
 * 发文字号 as GB/T 9704 writes it: the year in 六角括号 〔〕 whatever brackets were typed
 * ([2024], 【2024】, (2024), （2024）, ［2024］) and no 第 before the number: 锡政办发〔2024〕12号.
 */
export function docNumber(typed: string): string {
  return typed
    .trim()
    .replace(/[[【(（［〔]\s*(\d{4})\s*[\]】)）］〕]/g, '〔$1〕')
    .replace(/〕\s*第\s*(\d+)/, '〕$1')
}

export function defaultCircularTitle(roundName: string): string {
  return `关于${roundName}全市政务新媒体检查情况的通报`
}

const CN_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']
/** How many, as a count is said: 两轮, not 二轮. */
const CN_COUNTS = ['一', '两', '三', '四', '五', '六', '七', '八', '九', '十']

/** 「2024年5月10日」 without the year when it is the deadline's year too: 「5月10日」. */
function monthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number)
  return `${m}月${d}日`
}

/** A pass rate as circulars write it: one decimal. */
export function circularRate(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(1)}%`
}

function lines(text: string): { text: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => ({ text: l }))
}

/** The indicator, then what the inspector wrote, without saying the indicator twice; one full stop at the end. */
function problemText(p: CircularProblem): string {
  const finding = p.finding.trim().replace(/[。；;.，,\s]*$/, '')
  if (!finding) return `${p.indicator}。`
  return finding.startsWith(p.indicator) ? `${finding}。` : `${p.indicator}。${finding}。`
}

/**
 * 「按类型分」: the national four groups (微信公众号, 微博, 移动客户端, 其他) that have accounts, and inside
 * 其他 every platform by its own name: 「其他59个（其中抖音30个、今日头条20个、视频号9个）」. Every part sums
 * to its whole.
 */
export function byTypeText(byKind: readonly PlatformCount[]): string {
  const groups = PLATFORMS.map((g) => ({ group: g, kinds: byKind.filter((k) => k.group === g && k.count > 0) })).filter((g) => g.kinds.length > 0)
  return groups
    .map(({ group, kinds }) => {
      const total = kinds.reduce((n, k) => n + k.count, 0)
      const named = kinds.filter((k) => k.kind !== 'other')
      const inner = group === 'other' && named.length > 0 ? `（其中${kinds.map((k) => `${k.kind === 'other' ? '其他平台' : k.label}${k.count}个`).join('、')}）` : ''
      return `${PLATFORM_LABELS[group]}${total}个${inner}`
    })
    .join('、')
}

export function composeCircular(c: CircularInput): CircularText {
  const last = c.checkpoints[c.checkpoints.length - 1]
  const times = c.checkpoints.length
  const overall: CircularSection = {
    heading: '一、总体情况',
    paragraphs: [
      {
        text:
          `截至${last ? formatChineseDate(last) : '检查时'}，全市共有政务新媒体${c.registered}个。按开办主体分，市级部门${c.byHostLevel.city}个，` +
          `县（市、区）、镇（街道）及其部门${c.byHostLevel.local}个；按类型分，${byTypeText(c.byKind)}。`
      },
      {
        text:
          `${c.roundName}，${c.office}采取人技结合的方式，` +
          (times > 1
            ? `分别于${c.checkpoints.map(monthDay).join('、')}对全市政务新媒体开展${CN_COUNTS[times - 1] ?? String(times)}轮检查，`
            : times === 1
              ? `于${monthDay(c.checkpoints[0] as string)}对全市政务新媒体开展检查，`
              : '对全市政务新媒体开展检查，') +
          `重点检查安全、内容更新、互动回应等单项否决指标。共检查政务新媒体${c.inspected}个，合格${c.inspected - c.failed}个，不合格${c.failed}个，总体合格率为${circularRate(c.passRate)}。`
      }
    ]
  }
  const practices: CircularSection = {
    heading: '二、主要做法和成效',
    paragraphs:
      c.practices.trim() || c.picked.length > 0
        ? [
            ...(c.practices.trim() ? lines(c.practices) : []),
            ...PRACTICE_THEMES.filter((t) => c.picked.some((p) => p.theme === t)).flatMap((theme, i) => [
              { text: `（${CN_ORDINALS[i] ?? i + 1}）${PRACTICE_THEME_LABELS[theme]}方面。`, subheading: true },
              ...c.picked.filter((p) => p.theme === theme).map((p) => ({ text: `「${p.account}」${p.text}` }))
            ])
          ]
        : [{ text: '本批次暂未选取典型做法。' }]
  }
  const order = [...c.categories, ...new Set(c.problems.map((p) => p.category).filter((k) => !c.categories.includes(k)))]
  const groups = order.map((category) => ({ category, items: c.problems.filter((p) => p.category === category) })).filter((g) => g.items.length > 0)
  const problems: CircularSection = {
    heading: '三、存在问题',
    paragraphs:
      groups.length === 0
        ? [{ text: '本次检查未发现不合格的政务新媒体。' }]
        : [
            {
              text: repeatSentence(c.repeat ?? [])
                ? `检查发现，${new Set(c.problems.map((i) => `${i.unit}/${i.account}/${i.platform}`)).size}个政务新媒体存在问题。${repeatSentence(c.repeat ?? [])}具体如下：`
                : `检查发现，${new Set(c.problems.map((i) => `${i.unit}/${i.account}/${i.platform}`)).size}个政务新媒体存在以下问题：`
            },
            ...groups.flatMap((g, i) => [
              { text: `（${CN_ORDINALS[i] ?? i + 1}）${g.category}方面。`, subheading: true },
              ...g.items.map((p) => ({ text: `${p.unit}「${p.account}」（${p.platform}）：${problemText(p)}` }))
            ])
          ]
  }
  const next: CircularSection = { heading: '四、下一步工作要求', paragraphs: lines(c.nextSteps.trim() || DEFAULT_NEXT_STEPS) }
  return {
    office: c.office,
    docNo: docNumber(c.docNo),
    title: c.title,
    addressee: CIRCULAR_ADDRESSEE,
    sections: [overall, practices, problems, next],
    request:
      `请相关单位对照问题清单（见附件）立即整改，并于${formatChineseDate(c.deadline)}前将整改情况反馈至${c.office}。` +
      `联系人：${c.contactName}，电话：${c.contactPhone}。`,
    annex: c.annex
  }
}
