import ExcelJS from 'exceljs'
import { searchKey } from '../../server/services/registry'
import { multipart } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/** The registry pages: the tree with counts, search by pinyin and abbreviation, export that imports back, the lifecycle. */

describe('search keys', () => {
  it('are the pinyin initials and the full pinyin', () => {
    expect(searchKey('无锡城管')).toBe('wxcg wuxichengguan')
    expect(searchKey('锡山 App')).toBe('xsapp xishanapp')
  })
})

describe.each(dialects)('the registry (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    // The demo round's time: 2024-07-10 in Beijing.
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    admin = await login(server.app, 'admin')
  })
  afterAll(() => server.close())

  const get = (url: string, headers = admin) => server.app.inject({ method: 'GET', url: `/api/v1${url}`, headers })
  const names = async (q: string) => (await get(`/registry/accounts?q=${encodeURIComponent(q)}&pageSize=100`)).json().items.map((a: { name: string; platform: string }) => `${a.name}/${a.platform}`)

  it('finds accounts by pinyin initials, by name, and by an abbreviation of their unit', async () => {
    expect(await names('wxcg')).toContain('无锡城管/wechat')
    expect(await names('WXCG')).toContain('无锡城管/wechat')
    expect(await names('城管')).toContain('无锡城管/wechat')
    expect(await names('卫健')).toContain('健康无锡/wechat')
    // Substring matches of the name come first.
    expect((await names('城管'))[0]).toMatch(/城管/)
    expect(await names('不存在的账号')).toEqual([])
    // Wildcards are text, not patterns.
    expect(await names('%')).toEqual((await get('/registry/accounts?pageSize=100')).json().items.map((a: { name: string; platform: string }) => `${a.name}/${a.platform}`))
  })

  it('gives the tree with counts, and a district leader only the district', async () => {
    const tree = (await get('/registry/departments')).json().items as { id: string; parentId: string | null; own: Record<string, number>; total: Record<string, number> }[]
    const root = tree.find((u) => u.parentId === null)
    expect(root?.total.active).toBe(425)
    const xs = tree.find((u) => u.id === 'd-xs')
    expect(xs && xs.total.active).toBeGreaterThan(xs?.own.active ?? 0)
    const person = (await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '锡山领导', role: 'leader', departmentId: 'd-xs' } })).json()
    await server.deps.db.updateTable('users').set({ username: 'leader-xs' }).where('id', '=', person.id).execute()
    const leaderXs = await login(server.app, 'leader-xs')
    const theirs = (await get('/registry/departments', leaderXs)).json().items as { id: string }[]
    expect(theirs.length).toBeGreaterThan(1)
    expect(theirs.every((u) => u.id === 'd-xs' || u.id.startsWith('d-xs-'))).toBe(true)
    const accounts = (await get('/registry/accounts?pageSize=100', leaderXs)).json()
    expect(accounts.total).toBe(xs?.total.active)
    expect((await get('/registry/accounts?departmentId=d-city-wjw', leaderXs)).statusCode).toBe(403)
    expect((await get('/registry/departments', await login(server.app, 'inspector'))).statusCode).toBe(403)
  })

  it('exports the registry in the import layout, and the export imports back unchanged', async () => {
    const res = await get('/registry/export.xlsx')
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['账号名称', '平台类型', '主办单位', '主管单位', '层级', '账号ID或链接', '状态', '停更公告日期', '注销日期', '运维人员', '联系电话', '备案编号', '开设日期'])
    expect(sheet.rowCount).toBe(426)
    const body = multipart(res.rawPayload, 'registry.xlsx')
    const dry = (await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: body.payload, headers: { ...admin, ...body.headers } })).json()
    expect(dry.errors).toEqual([])
    expect(dry.changes).toEqual({ created: 0, updated: 0, unchanged: 425, closed: 0 })
  })

  it('takes an account through 运行 → 停更 → 注销 with dates, events and the audit trail; a closed account stays closed', async () => {
    const id = (await get('/registry/accounts?q=wxcg')).json().items[0].id as string
    const change = (body: object) => server.app.inject({ method: 'POST', url: `/api/v1/registry/accounts/${id}`, headers: admin, payload: body })
    expect((await change({ status: 'suspended' })).json().error.code).toBe('STOP_NOTICE_DATE_MISSING')
    expect((await change({ status: 'suspended', date: '2099-01-01' })).json().error.code).toBe('DATE_IN_FUTURE')
    expect((await change({ name: '  ' })).json().error.code).toBe('NAME_INVALID')
    expect((await change({ status: 'active' })).json().error.code).toBe('ACCOUNT_UNCHANGED')

    const renamed = await change({ name: '无锡城市管理' })
    expect(renamed.json()).toMatchObject({ name: '无锡城市管理', status: 'active' })
    expect(await names('wxcsgl')).toContain('无锡城市管理/wechat')
    const suspended = (await change({ status: 'suspended', date: '2024-06-01' })).json()
    expect(suspended).toMatchObject({ status: 'suspended', stopNoticeDate: '2024-06-01' })
    const closed = (await change({ status: 'closed' })).json()
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2024-07-10' })
    expect(closed.events.map((e: { kind: string; onDate: string }) => `${e.kind} ${e.onDate}`)).toEqual(['closed 2024-07-10', 'suspended 2024-06-01', 'renamed 2024-07-10'])
    expect(closed.events[0].detail).toEqual({ status: ['suspended', 'closed'] })
    expect((await change({ status: 'active' })).json().error.code).toBe('ACCOUNT_CLOSED')
    const audit = await server.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()
    expect(audit.map((a) => a.action)).toEqual(['account.update', 'account.update', 'account.update'])

    // Closed without a stop-update notice first: the event says the step was skipped.
    const other = (await get('/registry/accounts?q=卫健')).json().items[0].id as string
    const skipped = (await server.app.inject({ method: 'POST', url: `/api/v1/registry/accounts/${other}`, headers: admin, payload: { status: 'closed' } })).json()
    expect(skipped.events[0].detail).toEqual({ status: ['active', 'closed'], withoutStopNotice: true })
    expect((await get('/registry/accounts?status=closed')).json().total).toBe(2)
    // That one is a finding for its department; the account closed after its notice is not.
    expect(skipped.finding).toBe('注销前未发布停更公告（开设、变更或关停未履行审批）')
    expect(closed.finding).toBeNull()
    const findings = (await get('/registry/accounts?findings=1')).json()
    expect(findings.items.map((a: { id: string }) => a.id)).toEqual([other])
    expect(findings.items[0].finding).toBe(skipped.finding)
    const tree = (await get('/registry/departments')).json().items as { id: string; parentId: string | null; findings: { own: number; total: number } }[]
    const unit = tree.find((u) => u.id === skipped.department.id)
    expect(unit?.findings).toEqual({ own: 1, total: 1 })
    expect(tree.find((u) => u.parentId === null)?.findings.total).toBe(1)
    expect(tree.filter((u) => u.findings.own > 0).map((u) => u.id)).toEqual([skipped.department.id])
    expect((await get('/registry/accounts?findings=2')).json().error.code).toBe('QUERY_INVALID')
    // Only an admin changes the registry.
    const leader = await login(server.app, 'leader')
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/registry/accounts/${other}`, headers: leader, payload: { name: 'x' } })).statusCode).toBe(403)
  })
})
