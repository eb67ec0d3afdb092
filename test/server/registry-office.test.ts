import ExcelJS from 'exceljs'
import { ensureBuiltinCatalogs } from '../../server/services/catalogs'
import { nearDuplicateUnits } from '../../server/services/registry-plan'
import { multipart, nationalAnswers } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * A new office's own registry, as offices keep it: a sheet per part of the city, a notes sheet,
 * total and signature rows, city bureaus that are their own competent unit, 县区级/区县级 words,
 * a platform word the importer does not know, one town written two ways, a closed account
 * without a date and a suspended one without a notice date. The dry run must show the figures
 * the summary and the circular will print, and a round made from it must count what is running.
 */

async function officeWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.addWorksheet('填表说明').addRows([['填表说明：每个区县一张表，层级填市级、县区级或乡镇级']])
  const city = book.addWorksheet('市直部门')
  city.addRows([
    ['清江市政务新媒体账号台账'],
    ['序号', '新媒体名称', '所在平台', '账号主体', '主管部门', '行政级别', '运行状态', '注销日期'],
    [1, '清江发布', '微信公众号', '清江市人民政府办公室', '清江市人民政府办公室', '市级', '正常运行', ''],
    [2, '清江公安', '微博', '清江市公安局', '清江市公安局', '市直', '运行中', ''],
    [3, '清江交警', '抖音', '清江市公安局交通警察支队', '清江市公安局', '市级', '正常', ''],
    [4, '清江统计', '微博', '清江市统计局', '清江市统计局', '市级', '已注销', ''],
    ['合计', '', '', '', '', '', '4个', ''],
    ['填表人：李明', '', '', '审核人：赵刚', '', '', '', '']
  ])
  const district = book.addWorksheet('云龙区')
  district.addRows([
    ['账号名称', '平台类型', '开办单位', '主管单位', '层级', '状态', '停更日期'],
    ['云龙发布', '今日头条', '云龙区委宣传部', '云龙区人民政府', '县区级', '运行', ''],
    ['云龙政务', '南方号', '云龙区人民政府', '云龙区人民政府', '区县级', '运行', ''],
    ['城关发布', '视频号', '城关镇人民政府', '云龙区人民政府', '乡镇级', '运行', ''],
    ['城关微博', '微博', '临江县城关镇人民政府', '云龙区人民政府', '镇街', '停更', ''],
    ['小计', '', '', '', '', '', '']
  ])
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe.each(dialects)('a new office imports its own registry (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>

  beforeAll(async () => {
    server = await startServer(dialect, { seed: false })
    await ensureBuiltinCatalogs(server.deps.db)
    await server.deps.db.insertInto('users').values({ id: 'u-qj-admin', username: 'qj-admin', name: '孙丽', role: 'admin', department_id: null, active: 1, created_at: new Date().toISOString() }).execute()
    admin = await login(server.app, 'qj-admin')
  })
  afterAll(() => server.close())

  const dryRun = (bytes: Buffer, fields: Record<string, string> = {}) => {
    const f = multipart(bytes, encodeURIComponent('清江市台账.xlsx'), 'file', fields)
    return server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: f.payload, headers: { ...admin, ...f.headers } })
  }

  it('reads every sheet, sets totals and notes aside, asks once for the unknown word, and shows the split before commit', async () => {
    const bytes = await officeWorkbook()
    const first = (await dryRun(bytes)).json()
    expect(first.sheets.map((s: { name: string; read: boolean; rows: number }) => [s.name, s.read, s.rows])).toEqual([
      ['填表说明', false, 0],
      ['市直部门', true, 4],
      ['云龙区', true, 4]
    ])
    expect(first.skipped.map((k: { sheet: string; row: number; reason: string }) => [k.sheet, k.row, k.reason])).toEqual([
      ['市直部门', 7, '合计行'],
      ['市直部门', 8, '说明或签名行'],
      ['云龙区', 6, '合计行']
    ])
    expect(first.unknownValues).toEqual([{ field: 'platform', value: '南方号', rows: 1 }])
    expect(first.errors.map((e: { sheet: string; row: number; code: string }) => [e.sheet, e.row, e.code])).toEqual([['云龙区', 3, 'PLATFORM_UNKNOWN']])
    expect(first.columns.find((c: { header: string }) => c.header === '行政级别')).toMatchObject({ field: 'level' })
    expect(first.nearDuplicates).toEqual([{ name: '城关镇人民政府', like: '临江县城关镇人民政府', merged: false }])

    const dry = (await dryRun(bytes, { values: JSON.stringify({ platform: { 南方号: 'other' } }), merges: JSON.stringify({ 城关镇人民政府: '临江县城关镇人民政府' }) })).json()
    expect(dry.errors).toEqual([])
    expect(dry.breakdown).toEqual({
      running: 6,
      byHostLevel: { city: 3, local: 3 },
      byPlatform: [
        { kind: 'wechat', label: '微信公众号', group: 'wechat', count: 1 },
        { kind: 'weibo', label: '微博', group: 'weibo', count: 1 },
        { kind: 'douyin', label: '抖音', group: 'other', count: 1 },
        { kind: 'toutiao', label: '今日头条', group: 'other', count: 1 },
        { kind: 'channels', label: '视频号', group: 'other', count: 1 },
        { kind: 'other', label: '其他', group: 'other', count: 1 }
      ],
      suspended: 1,
      closed: 1
    })
    expect(dry.nearDuplicates).toEqual([{ name: '城关镇人民政府', like: '临江县城关镇人民政府', merged: true }])
    const units = Object.fromEntries(dry.units.map((u: { name: string; level: string; hostLevel: string; parent: string | null }) => [u.name, [u.level, u.hostLevel, u.parent]]))
    expect(units).toEqual({
      清江市人民政府办公室: ['city-dept', 'city', null],
      清江市公安局: ['city-dept', 'city', null],
      清江市公安局交通警察支队: ['other', 'city', '清江市公安局'],
      清江市统计局: ['city-dept', 'city', null],
      云龙区人民政府: ['district', 'local', null],
      云龙区委宣传部: ['district-dept', 'local', '云龙区人民政府'],
      临江县城关镇人民政府: ['town', 'local', '云龙区人民政府']
    })

    expect((await server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${dry.id}/commit`, payload: {}, headers: admin })).json()).toEqual({ created: 8, updated: 0, unchanged: 0, closed: 0 })
    const accounts = await server.deps.db.selectFrom('accounts').select(['name', 'status', 'closed_on', 'stop_notice_on', 'platform', 'platform_detail']).orderBy('name').execute()
    expect(accounts.find((a) => a.name === '清江统计')).toMatchObject({ status: 'closed', closed_on: null })
    expect(accounts.find((a) => a.name === '城关微博')).toMatchObject({ status: 'suspended', stop_notice_on: null })
    expect(accounts.find((a) => a.name === '云龙政务')).toMatchObject({ platform: 'other', platform_detail: '南方号' })

    // Both dateless accounts are the units' registry findings; the closed one reads 「已注销（日期未填）」.
    const findings = (await server.app.inject({ method: 'GET', url: '/api/v1/registry/accounts?findings=1', headers: admin })).json()
    expect(findings.items.map((a: { name: string; statusText: string }) => [a.name, a.statusText]).sort()).toEqual([
      ['城关微博', '停更（公告日期未填）'],
      ['清江统计', '已注销（日期未填）']
    ])
  })

  it('makes a round of what is running, and counts it as the dry run said', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/rounds',
      headers: admin,
      payload: { name: '2026年第四季度', catalogId: 'national-2019@1', checkpoints: ['2026-11-10', '2026-12-01'], deadline: '2026-12-20', contactName: '孙丽', contactPhone: '0518-81234567', scope: { kind: 'all' } }
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().accounts).toBe(6)
    // The round says which of the registry's accounts it left out, and why.
    const left = created.json().scope.left
    expect(left).toMatchObject({ closed: 1, suspended: 1, notYetOpened: 0 })
    expect(left.accounts.map((a: { name: string; unit: string; reason: string }) => `${a.name} · ${a.unit}：${a.reason}`).sort()).toEqual([
      '城关微博 · 临江县城关镇人民政府：停更（公告日期未填）',
      '清江统计 · 清江市统计局：已注销（日期未填）'
    ])
    const stats = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${created.json().id}/stats`, headers: admin })).json()
    expect(stats.registered).toBe(6)
    expect(stats.byHostLevel).toEqual({ city: 3, local: 3 })
    expect(stats.byKind.map((k: { label: string; count: number }) => `${k.label}${k.count}`)).toEqual(['微信公众号1', '微博1', '抖音1', '今日头条1', '视频号1', '其他1'])
    const circular = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${created.json().id}/circular`, headers: admin })).json()
    const overall = circular.preview.sections[0].paragraphs[0].text as string
    expect(overall).toContain('全市共有政务新媒体6个。按开办主体分，市级部门3个，县（市、区）、镇（街道）及其部门3个；')
    expect(overall).toContain('按类型分，微信公众号1个、微博1个、其他4个（其中抖音1个、今日头条1个、视频号1个、其他平台1个）。')
  })

  it('checks the data before the circular: per checkpoint, unassigned, registry problems; claims only checks that happened', async () => {
    const round = (await server.app.inject({ method: 'GET', url: '/api/v1/rounds', headers: admin })).json().items[0]
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: admin })).statusCode).toBe(200)
    const accounts = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${round.id}/accounts?pageSize=50`, headers: admin })).json().items as { id: string; name: string }[]
    expect(accounts).toHaveLength(6)
    const [cp1, cp2] = round.checkpoints as { id: string; date: string }[]
    const inspect = (accountId: string, checkpointId: string, latestPost: string, n: string) =>
      server.app.inject({ method: 'PUT', url: `/api/v1/inspections/ins-office-${n}`, headers: admin, payload: { roundId: round.id, checkpointId, accountId, answers: nationalAnswers(latestPost) } })
    // The first checkpoint done for every account, the second for two of them.
    for (const [i, a] of accounts.entries()) expect((await inspect(a.id, cp1!.id, '2026-11-05', `1-${i}`)).statusCode).toBeLessThan(300)
    for (const [i, a] of accounts.slice(0, 2).entries()) expect((await inspect(a.id, cp2!.id, '2026-11-28', `2-${i}`)).statusCode).toBeLessThan(300)

    // An account is inspected for the round once every checkpoint has its inspection; progress is per checkpoint.
    const summary = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${round.id}/summary`, headers: admin })).json()
    expect(summary).toMatchObject({ registered: 6, inspected: 2, passed: 2, failed: 0 })
    expect(summary.checkpoints.map((c: { seq: number; inspected: number }) => [c.seq, c.inspected])).toEqual([
      [1, 6],
      [2, 2]
    ])

    const view = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${round.id}/circular`, headers: admin })).json()
    expect(view.check.checkpoints.map((c: { seq: number; missing: number }) => [c.seq, c.missing])).toEqual([
      [1, 0],
      [2, 4]
    ])
    expect(view.check.unassigned.count).toBe(6)
    expect(view.check.registryFindings.accounts.map((a: { name: string }) => a.name).sort()).toEqual(['城关微博', '清江统计'])
    expect(view.check.figures[0]).toEqual({ label: '登记账号', circular: 6, registry: 6 })
    expect(view.check.gaps).toEqual(['第2轮（2026-12-01）有 4 个账号未检查', '6 个账号未分配检查员', '台账中有 2 个账号停更或注销未登记停更公告（将列入“存在问题”）'])
    // The registry problems are a kind of their own in 存在问题.
    const problems = view.preview.sections[2].paragraphs.map((p: { text: string }) => p.text) as string[]
    expect(problems).toContain('（一）台账管理方面。')
    expect(problems.some((t) => t.startsWith('清江市统计局「清江统计」（微博）：注销前未发布停更公告'))).toBe(true)

    // With no inspection at the second checkpoint, the circular says one round of checks, not two.
    const fresh = await server.app.inject({
      method: 'POST',
      url: '/api/v1/rounds',
      headers: admin,
      payload: { name: '2026年12月抽查', catalogId: 'national-2019@1', checkpoints: ['2026-11-20', '2026-12-02'], deadline: '2026-12-25', contactName: '孙丽', contactPhone: '0518-81234567', scope: { kind: 'all' } }
    })
    const freshId = fresh.json().id as string
    await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${freshId}/open`, headers: admin })
    const freshRound = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${freshId}`, headers: admin })).json()
    await server.app.inject({ method: 'PUT', url: '/api/v1/inspections/ins-office-fresh', headers: admin, payload: { roundId: freshId, checkpointId: freshRound.checkpoints[0].id, accountId: accounts[0]!.id, answers: nationalAnswers('2026-11-18') } })
    const said = (await server.app.inject({ method: 'GET', url: `/api/v1/rounds/${freshId}/circular`, headers: admin })).json().preview.sections[0].paragraphs[1].text as string
    expect(said).toContain('于11月20日对全市政务新媒体开展检查')
    expect(said).not.toContain('两轮')
  })
})

describe('unit names written two ways', () => {
  it('pairs a name with its place-prefixed form, never two places’ units of one name', () => {
    expect(nearDuplicateUnits(['城关镇人民政府', '临江县城关镇人民政府', '锡山区人民政府', '无锡市锡山区人民政府'])).toEqual([
      { name: '城关镇人民政府', like: '临江县城关镇人民政府' },
      { name: '锡山区人民政府', like: '无锡市锡山区人民政府' }
    ])
    expect(nearDuplicateUnits(['云龙区城关镇人民政府', '铜山区城关镇人民政府', '江阴市教育局', '宜兴市教育局', '江阴市市场监督管理局', '宜兴市市场监督管理局'])).toEqual([])
    expect(nearDuplicateUnits(['临江县城关镇人民政府', '临江市城关镇人民政府'])).toEqual([{ name: '临江县城关镇人民政府', like: '临江市城关镇人民政府' }])
  })
})
