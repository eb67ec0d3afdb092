import {
  findHeaderRow,
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
      [9, '停更公告日期', 'STOP_NOTICE_DATE_MISSING'],
      [9, '联系电话', 'PHONE_INVALID']
    ])
    expect(errors.every((e) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true)
  })

  it('skips blank rows without an error', () => {
    expect(readRow(['', ' ', '　'], mapping, 30)).toEqual({ row: null, errors: [] })
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
  it('is an account closed without a stop-update notice, and nothing else', () => {
    expect(registryFinding({ status: 'closed', stopNoticeDate: null })).toBe('注销前未发布停更公告（开设、变更或关停未履行审批）')
    expect(registryFinding({ status: 'closed', stopNoticeDate: '' })).not.toBeNull()
    expect(registryFinding({ status: 'closed', stopNoticeDate: '2024-06-01' })).toBeNull()
    expect(registryFinding({ status: 'suspended', stopNoticeDate: null })).toBeNull()
    expect(registryFinding({ status: 'active', stopNoticeDate: null })).toBeNull()
  })
})
