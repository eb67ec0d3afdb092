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
