import { countByKind, platformKind, platformName } from '../../src/core/platforms'
import {
  accountStatusText,
  findHeaderRow,
  matchHeader,
  rowPosition,
  skipReason,
  guessMapping,
  isPhone,
  mappingErrors,
  normalizeHeader,
  parseLevel,
  parsePlatform,
  parseRegistryDate,
  parseStatus,
  readRow,
  registryFinding,
  registryKeys
} from '../../src/core/registry'

describe('registry headers', () => {
  it('match by synonyms after folding full-width forms, spaces, line breaks and required marks', () => {
    const headers = ['序号', '政务新媒体名称', '平 台', '开办主体', '主管单位', '层级', '微信号', '状态', '停更公告日期', '运维人员', '联系电话', '备案编号', '开设日期', '备注']
    expect(guessMapping(headers).map((m) => m.field)).toEqual([null, 'name', 'platform', 'hostUnit', 'competentUnit', 'level', 'platformRef', 'status', 'stopNoticeDate', 'operator', 'phone', 'registryNo', 'openedOn', null])
    expect(normalizeHeader('＊账号　名称\n')).toBe('账号名称')
    expect(guessMapping(['类型', '账号名称：', 'ＩＤ']).map((m) => m.field)).toEqual(['platform', 'name', 'platformRef'])
  })

  it('give a field to its first column only, and find the header row under a title block', () => {
    expect(guessMapping(['账号名称', '名称', '平台']).map((m) => m.field)).toEqual(['name', null, 'platform'])
    const rows = [['无锡市政务新媒体台账（2024年6月）'], ['填报单位：无锡市政府办公室', '', ''], ['账号名称', '平台类型', '主办单位'], ['健康无锡', '微信公众号', '无锡市卫生健康委员会']]
    expect(findHeaderRow(rows)).toBe(2)
    expect(findHeaderRow([['名称'], ['x']])).toBe(-1)
  })

  it('report a required field without a column and a field given twice', () => {
    const errors = mappingErrors(
      [
        { header: '名称', field: 'name' },
        { header: '账号名称', field: 'name' }
      ],
      3
    )
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'FIELD_MAPPED_TWICE'],
      [3, 'FIELD_NOT_MAPPED'],
      [3, 'FIELD_NOT_MAPPED']
    ])
    expect(errors[1]?.message).toContain('平台类型')
  })
})

describe('registry values', () => {
  it('platforms as offices write them', () => {
    const p = (v: string) => parsePlatform(v)?.platform ?? null
    expect(['微信公众号', '微信订阅号', ' 微信 ', '服务号'].map(p)).toEqual(['wechat', 'wechat', 'wechat', 'wechat'])
    expect(['新浪微博', '微博'].map(p)).toEqual(['weibo', 'weibo'])
    expect(['客户端/APP', 'APP', 'ａｐｐ', '移动客户端'].map(p)).toEqual(['app', 'app', 'app', 'app'])
    expect(['抖音', '今日头条', '视频号', '快手'].map(p)).toEqual(['other', 'other', 'other', 'other'])
    expect(parsePlatform('抖音')?.detail).toBe('抖音')
    expect(p('网站')).toBeNull()
    expect(p('')).toBeNull()
  })

  it('levels, statuses and dates', () => {
    expect(['市级', '县(市、区)', '县（市、区）', '镇(街道)', '镇（街道）', '乡镇', '其他', '省级'].map(parseLevel)).toEqual(['city', 'county', 'county', 'town', 'town', 'town', 'other', null])
    expect(['', '运行', '正常', '停更', '注销', '已注销', '休眠'].map(parseStatus)).toEqual(['active', 'active', 'active', 'suspended', 'closed', 'closed', null])
    expect(['2024-07-19', '2024/7/19', '2024.7.9', '2024年7月19日', '20240719', '45492', '２０２４－０７－１９'].map(parseRegistryDate)).toEqual([
      '2024-07-19',
      '2024-07-19',
      '2024-07-09',
      '2024-07-19',
      '2024-07-19',
      '2024-07-19',
      '2024-07-19'
    ])
    expect(['2024-02-30', '19/07/2024', '明天', '1880-01-01', ''].map(parseRegistryDate)).toEqual([null, null, null, null, null])
  })

  it('phones: mobiles and landlines with area code or extension', () => {
    expect(['13800138000', '138 0013 8000', '0510-81234567', '(0510)81234567', '0510-81234567转123', '81234567', '+8613800138000'].every(isPhone)).toBe(true)
    expect(['12345', '1380013800', '电话待定', '0510-8123'].some(isPhone)).toBe(false)
  })
})

describe('a registry row', () => {
  const mapping = guessMapping(['账号名称', '平台类型', '主办单位', '层级', '账号ID或链接', '状态', '停更公告日期', '联系电话', '开设日期'])

  it('reads into normalised values', () => {
    const { row, errors } = readRow(['　健康无锡 ', '微信公众号', '无锡市卫生健康委员会', '市级', 'jiankangwuxi', '运行', '', '0510-81234567', '2016/3/1'], mapping, 5)
    expect(errors).toEqual([])
    expect(row).toMatchObject({ row: 5, name: '健康无锡', platform: 'wechat', platformDetail: '微信公众号', level: 'city', status: 'active', openedOn: '2016-03-01', stopNoticeDate: null })
  })

  it('names each problem by row, column header and code, and yields no row', () => {
    const { row, errors } = readRow(['', '网站', '', '省级', '', '停更', '', '电话待定', '昨天'], mapping, 9)
    expect(row).toBeNull()
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [9, '账号名称', 'NAME_MISSING'],
      [9, '平台类型', 'PLATFORM_UNKNOWN'],
      [9, '主办单位', 'HOST_UNIT_MISSING'],
      [9, '层级', 'LEVEL_UNKNOWN'],
      [9, '开设日期', 'DATE_INVALID'],
      [9, '联系电话', 'PHONE_INVALID']
    ])
    expect(errors.every((e) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true)
  })

  it('skips blank rows without an error', () => {
    expect(readRow(['', ' ', '　'], mapping, 30)).toEqual({ row: null, errors: [], unknown: [] })
  })

  it('is matched on re-import by platform and ID, else by platform and name', () => {
    const k = (name: string, platform: 'wechat' | 'other', platformDetail: string, platformRef: string) => registryKeys({ name, platform, platformDetail, platformRef })
    expect(k('健康无锡', 'wechat', '微信公众号', 'JianKangWuxi').byRef).toBe(k('健康 无锡', 'wechat', '微信订阅号', 'jiankangwuxi ').byRef)
    expect(k('健康无锡', 'wechat', '微信', '').byRef).toBeNull()
    expect(k('健康无锡', 'wechat', '微信', '').byName).toBe(k('健康 无锡', 'wechat', '服务号', '').byName)
    expect(k('无锡发布', 'other', '抖音', '').byName).not.toBe(k('无锡发布', 'other', '今日头条', '').byName)
  })
})

describe('what the registry counts against a department', () => {
  it('is an account closed or suspended without a stop-update notice, and nothing else', () => {
    expect(registryFinding({ status: 'closed', stopNoticeDate: null })).toBe('注销前未发布停更公告（开设、变更或关停未履行审批）')
    expect(registryFinding({ status: 'closed', stopNoticeDate: '' })).not.toBeNull()
    expect(registryFinding({ status: 'closed', stopNoticeDate: '2024-06-01' })).toBeNull()
    expect(registryFinding({ status: 'suspended', stopNoticeDate: null })).toBe('停更未登记停更公告日期（停更公告日期未填）')
    expect(registryFinding({ status: 'suspended', stopNoticeDate: '2024-06-01' })).toBeNull()
    expect(registryFinding({ status: 'active', stopNoticeDate: null })).toBeNull()
  })
})

describe('registry sheets as offices keep them', () => {
  it('read headers by the words they hold, and say why', () => {
    const columns = guessMapping(['序号', '新媒体账号名称', '所在平台', '账号主体', '主管部门', '行政级别', '原始ID', '运行状态', '停更日期', '注销日期', '运维人员', '联系电话', '备注'])
    expect(columns.map((c) => c.field)).toEqual([null, 'name', 'platform', 'hostUnit', 'competentUnit', 'level', 'platformRef', 'status', 'stopNoticeDate', 'closedOn', 'operator', 'phone', null])
    expect(matchHeader('账号主体')).toEqual({ field: 'hostUnit', reason: null })
    expect(matchHeader('单位行政级别')?.field).toBe('level')
    expect(matchHeader('单位行政级别')?.reason).toContain('级别')
    expect(matchHeader('主管单位（部门）')?.field).toBe('competentUnit')
    expect(matchHeader('账号关停日期')?.field).toBe('closedOn')
    expect(matchHeader('序号')).toBeNull()
    // A guess never takes a field an exact header already has.
    expect(guessMapping(['账号名称', '平台', '主办单位', '开设主体单位']).map((c) => c.field)).toEqual(['name', 'platform', 'hostUnit', null])
  })

  it('know the level and status words offices use', () => {
    expect(['县区级', '区县级', '县级', '区级', '县（市、区）级', '县(市、区)', '市直', '市直部门', '市本级', '乡镇级', '镇街', '街道', '乡镇（街道）', '村(社区)'].map(parseLevel)).toEqual([
      'county',
      'county',
      'county',
      'county',
      'county',
      'county',
      'city',
      'city',
      'city',
      'town',
      'town',
      'town',
      'town',
      'other'
    ])
    expect(['省级', '中央'].map(parseLevel)).toEqual([null, null])
    expect(['正常运行', '运行中', '正常', '暂停更新', '已停更', '已注销', '关停', '已关闭'].map(parseStatus)).toEqual(['active', 'active', 'active', 'suspended', 'suspended', 'closed', 'closed', 'closed'])
  })

  it('set aside totals, notes, signatures, repeated headers and separators, but not accounts', () => {
    const m = guessMapping(['序号', '账号名称', '平台类型', '主办单位'])
    expect(skipReason(['', '合计', '', ''], m)).toBe('合计行')
    expect(skipReason(['小计', '', '12', ''], m)).toBe('合计行')
    expect(skipReason(['总 计：', '', '', ''], m)).toBe('合计行')
    expect(skipReason(['填表说明：1. 平台类型填写微信公众号、微博等', '', '', ''], m)).toBe('说明或签名行')
    expect(skipReason(['填表人：王珊', '', '审核人：刘建国', ''], m)).toBe('说明或签名行')
    expect(skipReason(['序号', '账号名称', '平台类型', '主办单位'], m)).toBe('重复的表头')
    expect(skipReason(['梁溪区', '', '', ''], m)).toBe('分组标题或空行')
    expect(skipReason(['1', '合计发布', '微博', '无锡市统计局'], m)).toBeNull()
    expect(skipReason(['3', '注意安全', '抖音', '无锡市应急管理局'], m)).toBeNull()
    expect(skipReason(['', '', '', ''], m)).toBeNull()
  })

  it('take a value the importer does not know as the admin mapped it, for every row that carries it', () => {
    const m = guessMapping(['账号名称', '平台类型', '主办单位', '层级', '状态'])
    const unmapped = readRow(['云龙发布', '南方号', '云龙区委宣传部', '县直', '在线运营'], m, 4, {}, '云龙区')
    expect(unmapped.row).toBeNull()
    expect(unmapped.errors.map((e) => [e.sheet, e.row, e.code])).toEqual([
      ['云龙区', 4, 'PLATFORM_UNKNOWN'],
      ['云龙区', 4, 'LEVEL_UNKNOWN'],
      ['云龙区', 4, 'STATUS_UNKNOWN']
    ])
    expect(unmapped.unknown).toEqual([
      { field: 'platform', value: '南方号' },
      { field: 'level', value: '县直' },
      { field: 'status', value: '在线运营' }
    ])
    const mapped = readRow(['云龙发布', '南方号', '云龙区委宣传部', '县直', '在线运营'], m, 4, { platform: { 南方号: 'other' }, level: { 县直: 'county' }, status: { 在线运营: 'active' } }, '云龙区')
    expect(mapped.errors).toEqual([])
    expect(mapped.row).toMatchObject({ sheet: '云龙区', platform: 'other', platformKind: 'other', platformDetail: '南方号', level: 'county', status: 'active' })
    expect(readRow(['云龙发布', '南方号', '云龙区委宣传部', '', ''], m, 4, { platform: { 南方号: 'douyin' } }).row).toMatchObject({ platform: 'other', platformKind: 'douyin' })
  })

  it('never invent a date: closed without a date is closed, suspended without a notice date imports', () => {
    const m = guessMapping(['账号名称', '平台类型', '主办单位', '状态', '停更日期', '注销日期'])
    expect(readRow(['旧账号', '微博', '某局', '已注销', '', ''], m, 2).row).toMatchObject({ status: 'closed', closedOn: null, stopNoticeDate: null })
    expect(readRow(['旧账号', '微博', '某局', '注销', '2023-01-02', '2023-03-01'], m, 2).row).toMatchObject({ status: 'closed', closedOn: '2023-03-01', stopNoticeDate: '2023-01-02' })
    expect(readRow(['暂停的', '微博', '某局', '停更', '', ''], m, 2).row).toMatchObject({ status: 'suspended', stopNoticeDate: null })
    expect(readRow(['在用的', '微博', '某局', '运行', '', '2023-03-01'], m, 2).errors.map((e) => e.code)).toEqual(['CLOSED_DATE_NOT_CLOSED'])
    expect(accountStatusText({ status: 'closed', stopNoticeDate: null, closedOn: null })).toBe('已注销（日期未填）')
    expect(accountStatusText({ status: 'suspended', stopNoticeDate: null, closedOn: null })).toBe('停更（公告日期未填）')
    expect(accountStatusText({ status: 'closed', stopNoticeDate: null, closedOn: '2024-01-01' })).toBe('注销')
  })

  it('name a row by its sheet', () => {
    expect(rowPosition('云龙区', 9)).toBe('云龙区!第9行')
    expect(rowPosition('', 9)).toBe('第9行')
  })
})

describe('platforms keep their names', () => {
  it('know every kind an office registers, and keep an unknown word as written', () => {
    const kind = (v: string) => parsePlatform(v)?.kind ?? null
    expect(['微信公众号（服务号）', '订阅号', '新浪微博', '抖音', '快手', '头条号', '今日头条', '微信视频号', '小程序', '客户端/APP', '百家号', 'B站', '小红书', '网站专栏', '其他'].map(kind)).toEqual([
      'wechat',
      'wechat',
      'weibo',
      'douyin',
      'kuaishou',
      'toutiao',
      'toutiao',
      'channels',
      'miniprogram',
      'app',
      'baijiahao',
      'bilibili',
      'xiaohongshu',
      'website',
      'other'
    ])
    expect(parsePlatform('人民号')).toEqual({ platform: 'other', kind: 'other', detail: '人民号' })
    expect(platformName('other', '抖音')).toBe('抖音')
    expect(platformName('other', '人民号')).toBe('人民号')
    expect(platformName('other', '')).toBe('其他')
    expect(platformName('wechat', '服务号')).toBe('微信公众号')
    expect(platformKind('wechat', '抖音')).toBe('wechat')
  })

  it('count by kind in the fixed order, leaving out kinds with none', () => {
    const counts = countByKind([
      { platform: 'other', platformDetail: '今日头条' },
      { platform: 'other', platformDetail: '抖音' },
      { platform: 'wechat', platformDetail: '' },
      { platform: 'other', platformDetail: '人民号' },
      { platform: 'other', platformDetail: '头条号' }
    ])
    expect(counts.map((c) => [c.label, c.count])).toEqual([
      ['微信公众号', 1],
      ['抖音', 1],
      ['今日头条', 2],
      ['其他', 1]
    ])
  })
})
