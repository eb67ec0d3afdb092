import type { Catalog, Indicator } from './types'

/**
 * The indicator catalogs shipped with the product. They are data: the server stores them
 * in its catalogs table and a round is bound to one catalog id forever. Wording is ours.
 */

const veto = (code: string, category: string, title: string, description: string, extra: Partial<Indicator> = {}): Indicator => ({
  code,
  category,
  kind: 'veto',
  title,
  description,
  points: 0,
  evidenceRequired: true,
  rule: null,
  ...extra
})

const deduction = (code: string, category: string, title: string, points: number, description: string): Indicator => ({
  code,
  category,
  kind: 'deduction',
  title,
  description,
  points,
  evidenceRequired: true,
  rule: null
})

const NATIONAL_VETO: Indicator[] = [
  veto('SEC-1', '安全', '严重表述错误', '发布内容出现严重表述错误，如领导人姓名、职务错误等。'),
  veto('SEC-2', '安全', '泄露国家秘密或敏感信息', '泄露国家秘密，或发布公民身份证号、电话等敏感个人信息。'),
  veto('SEC-3', '安全', '发布或链接违法违规内容', '发布或链接反动、暴力、色情等违法违规内容。'),
  veto('SEC-4', '安全', '不当内容引发负面舆情', '发布不当内容，引发严重负面舆情。'),
  veto('SEC-5', '安全', '账号被盗用或冒用', '账号被攻击、盗用或冒用，用于发布信息。'),
  veto('UPD-1', '内容更新', '监测时间点前两周内无更新', '录入最新一条发布的日期，系统按监测时间点自动判定。', {
    evidenceRequired: true,
    rule: { type: 'update-lag', days: 14 }
  }),
  veto('INT-1', '互动回应', '无可用互动渠道', '未提供留言、咨询、投诉等互动功能，或互动功能无法使用。')
]

export const NATIONAL_2019: Catalog = {
  id: 'national-2019@1',
  code: 'national-2019',
  version: 1,
  name: '国家政务新媒体检查指标（2019，单项否决）',
  scoring: null,
  indicators: NATIONAL_VETO
}

export const PROVINCIAL_EXAMPLE: Catalog = {
  id: 'provincial-example@1',
  code: 'provincial-example',
  version: 1,
  name: '省级政务新媒体检查指标示例（单项否决＋扣分＋加分）',
  scoring: { base: 100, passMark: 60 },
  indicators: [
    ...NATIONAL_VETO,
    deduction('PUB-1', '信息发布', '更新频率低于每周一次', 10, '监测期内平均更新频率低于每周一次。'),
    deduction('PUB-2', '信息发布', '重要信息未及时转载', 10, '中央、省重要信息未及时转发。'),
    deduction('PUB-3', '信息发布', '存在错敏字或表述不当', 10, '发布内容存在错别字、敏感字或表述不当。'),
    deduction('FUN-1', '功能设置', '菜单或服务入口不可用', 15, '菜单、子栏目或服务入口无法使用或链接失效。'),
    deduction('INT-2', '互动回应', '答复不及时或敷衍', 10, '留言答复不及时、敷衍，或长期未回复。'),
    deduction('MGT-1', '管理维护', '报送系统信息未维护', 10, '全国政务新媒体信息报送系统中账号信息未维护，或管理员长期未登录。'),
    deduction('MGT-2', '管理维护', '名称、头像或简介与主办单位不符', 5, '账号名称、头像、简介与登记的主办单位不一致。'),
    deduction('MGT-3', '管理维护', '开设、变更或关停未履行审批', 10, '账号开设、更名、关停未按规定申请办理；关停前未发布停更公告。'),
    {
      code: 'BON-1',
      category: '加分项',
      kind: 'bonus',
      title: '服务功能或内容突出',
      description: '服务功能、内容策划等方面成效突出，可作为典型做法。',
      points: 5,
      evidenceRequired: false,
      rule: null
    }
  ]
}

export const BUILTIN_CATALOGS: readonly Catalog[] = [NATIONAL_2019, PROVINCIAL_EXAMPLE]
export const DEFAULT_CATALOG_ID = NATIONAL_2019.id

/** Indicators grouped by category, in catalog order. */
export function groupByCategory(catalog: Catalog): { category: string; indicators: Indicator[] }[] {
  const groups: { category: string; indicators: Indicator[] }[] = []
  for (const indicator of catalog.indicators) {
    let group = groups.find((g) => g.category === indicator.category)
    if (!group) {
      group = { category: indicator.category, indicators: [] }
      groups.push(group)
    }
    group.indicators.push(indicator)
  }
  return groups
}

export function findIndicator(catalog: Catalog, code: string): Indicator | undefined {
  return catalog.indicators.find((i) => i.code === code)
}

/** At most this many phrases an item offers, each at most this long. */
export const MAX_PHRASES = 12
export const MAX_PHRASE_LENGTH = 40

/**
 * The shipped finding phrases of the shipped items, by code and title. Kept beside the catalogs,
 * not in them: a catalog never changes under its id, and phrases only help type a note.
 */
const SHIPPED_PHRASES: Record<string, string[]> = {
  'SEC-1|严重表述错误': ['领导姓名写错', '领导职务写错', '国家机构名称写错', '重要表述出现错别字'],
  'SEC-2|泄露国家秘密或敏感信息': ['公示名单含完整身份证号', '公开了个人手机号码', '公开了个人家庭住址'],
  'SEC-3|发布或链接违法违规内容': ['文章链接跳转至违规网站', '转载内容含违法违规信息', '广告链接指向不明网站'],
  'SEC-4|不当内容引发负面舆情': ['发布内容引发大量负面评论', '不当内容被媒体转载报道'],
  'SEC-5|账号被盗用或冒用': ['账号被盗发布无关信息', '存在冒用本单位名义的账号'],
  'UPD-1|监测时间点前两周内无更新': ['两周内无更新', '长期未更新'],
  'INT-1|无可用互动渠道': ['留言功能无法使用', '咨询入口链接失效', '未设置留言或咨询功能', '互动栏目打开为空白页'],
  'PUB-1|更新频率低于每周一次': ['监测期内平均每周更新不足一次'],
  'PUB-2|重要信息未及时转载': ['重要会议精神未及时转载', '重要政策解读未及时转发'],
  'PUB-3|存在错敏字或表述不当': ['文章存在错别字', '表述不规范'],
  'FUN-1|菜单或服务入口不可用': ['栏目链接失效', '菜单打开为空白页', '服务入口无法访问'],
  'INT-2|答复不及时或敷衍': ['留言长期未回复', '答复内容敷衍'],
  'MGT-1|报送系统信息未维护': ['报送系统信息未更新'],
  'MGT-2|名称、头像或简介与主办单位不符': ['简介未写明主办单位', '头像与主办单位不符'],
  'MGT-3|开设、变更或关停未履行审批': ['停更前未发布停更公告', '更名未履行审批手续']
}

/** What an item's title is about → phrases, for items of an office's own catalog that set none. */
const BY_TOPIC: [RegExp, string[]][] = [
  [/互动|留言|咨询|投诉/, ['留言功能无法使用', '咨询入口链接失效']],
  [/更新|发布频率/, ['两周内无更新']],
  [/链接|菜单|栏目|入口|功能/, ['栏目链接失效', '菜单打开为空白页']],
  [/错|表述/, ['文章存在错别字', '表述不规范']],
  [/敏感|隐私|个人信息|秘密/, ['公开了个人身份证号或手机号码']]
]

/**
 * The finding phrases a failing item offers as chips: the catalog's own (the admin edits them
 * per item); for items that never set any, the shipped phrases of the same item, else phrases by
 * what its title is about. An explicit empty list offers none.
 */
export function findingPhrases(indicator: Indicator): string[] {
  if (indicator.phrases) return indicator.phrases
  return SHIPPED_PHRASES[`${indicator.code}|${indicator.title}`] ?? BY_TOPIC.find(([topic]) => topic.test(indicator.title))?.[1] ?? []
}

/** A tapped phrase joins the note: alone when it is empty, after 「；」 otherwise, never twice. */
export function withPhrase(note: string, phrase: string): string {
  const current = note.trim()
  if (current === '') return phrase
  if (current.split(/[；;，,。\s]+/).includes(phrase)) return current
  return `${current.replace(/[；;，,。]+$/, '')}；${phrase}`
}

/** What a liaison most often answers for an item like this: one tap fills the answer (it stays editable). */
const ANSWERS_BY_TOPIC: [RegExp, string[]][] = [
  [/更新|发布频率/, ['已恢复更新，并明确专人定期发布']],
  [/互动|留言|咨询|投诉|答复/, ['已修复留言功能，可正常使用', '已逐条答复留言']],
  [/链接|菜单|栏目|入口|功能/, ['已修复栏目链接，可正常访问']],
  [/秘密|敏感|隐私|个人信息/, ['已删除涉及个人信息的内容']],
  [/违法|违规|舆情/, ['已删除相关内容']],
  [/错|表述/, ['已更正错误内容并重新发布']],
  [/盗用|冒用/, ['已找回账号并修改密码', '已投诉处置冒用账号']],
  [/名称|头像|简介/, ['已修改账号信息，与主办单位一致']],
  [/审批|关停|停更/, ['已补办手续', '已发布停更公告']],
  [/报送|维护/, ['已更新报送系统信息']]
]

/** The answer phrases offered under a liaison's answer, for the item the issue is about, then a general one. */
export function answerPhrases(indicatorTitle: string): string[] {
  const own = ANSWERS_BY_TOPIC.find(([topic]) => topic.test(indicatorTitle))?.[1] ?? []
  return [...own, '已整改完毕']
}
