import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { multipart } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Registry import: messy sheets read through synonyms, a dry run that writes nothing to the
 * registry, a commit that is all or nothing, re-imports that update instead of duplicating.
 */

/** A registry as offices send it: a title row, a merged two-row header, full-width spaces, synonyms, blank rows at the end. */
async function messyXlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const s = book.addWorksheet('Sheet1')
  s.addRow(['无锡市政务新媒体账号台账（2024年第二季度）'])
  s.mergeCells('A1:I1')
  s.addRow(['政务新媒体名称', '平台', '开办主体', '主管单位', '微信号', '状态', '运维信息', '', '开设时间'])
  s.addRow(['', '', '', '', '', '', '运维人员', '联系电话', ''])
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'I']) s.mergeCells(`${col}2:${col}3`)
  s.mergeCells('G2:H2')
  for (const r of rows) s.addRow(r)
  s.addRow([])
  s.addRow(['　', ''])
  return Buffer.from(await book.xlsx.writeBuffer())
}

const GOOD = [
  ['　新锡山 ', '微信公众号', '锡山区融媒体中心', '锡山区人民政府', 'xinxishan', '运行', '王五', '0510-88201234', '2015/6/1'],
  ['锡山税务', '新浪微博', '锡山区税务局', '锡山区人民政府', '', '运行', '赵六', '13912345678', '2016年3月2日'],
  ['锡山文旅', '抖音', '锡山区文体旅游局', '锡山区人民政府', 'xswl888', '停更', '', '', '']
]

describe.each(dialects)('registry import (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>

  beforeAll(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
  })
  afterAll(() => server.close())

  const dryRun = (bytes: Buffer, filename = '台账.xlsx', mapping?: Record<string, string | null> | string, headers = admin) => {
    const f = multipart(bytes, encodeURIComponent(filename), 'file', mapping ? { mapping: typeof mapping === 'string' ? mapping : JSON.stringify(mapping) } : {})
    return server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: f.payload, headers: { ...headers, ...f.headers } })
  }
  const commit = (id: string, body: object = {}) => server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${id}/commit`, payload: body, headers: admin })
  const count = async (table: 'accounts' | 'departments' | 'account_events') => Number((await server.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('reads a messy sheet, reports row errors by sheet row, and writes nothing until committed', async () => {
    const before = { accounts: await count('accounts'), departments: await count('departments') }
    // 停更 without a notice date (imported, a registry finding), and a Weibo account listed twice.
    const res = await dryRun(await messyXlsx([...GOOD, ['锡山税务', '微博', '锡山区税务局', '锡山区人民政府', '', '运行', '', '', ''], ['坏行', '网站', '', '', '', '休眠', '', '电话待定', '明天']]))
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.columns).toEqual([
      { header: '政务新媒体名称', field: 'name' },
      { header: '平台', field: 'platform' },
      { header: '开办主体', field: 'hostUnit' },
      { header: '主管单位', field: 'competentUnit' },
      { header: '微信号', field: 'platformRef' },
      { header: '状态', field: 'status' },
      { header: '运维人员', field: 'operator' },
      { header: '联系电话', field: 'phone' },
      { header: '开设时间', field: 'openedOn' }
    ])
    expect(body.total).toBe(5)
    expect(body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [7, 'DUPLICATE_ROW'],
      [8, 'PLATFORM_UNKNOWN'],
      [8, 'HOST_UNIT_MISSING'],
      [8, 'STATUS_UNKNOWN'],
      [8, 'DATE_INVALID'],
      [8, 'PHONE_INVALID']
    ])
    expect(body.changes).toMatchObject({ created: 3, updated: 0, unchanged: 0 })
    expect(body.breakdown).toMatchObject({ running: 2, suspended: 1, closed: 0, byHostLevel: { city: 0, local: 2 } })
    expect({ accounts: await count('accounts'), departments: await count('departments') }).toEqual(before)

    const refused = await commit(body.id)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('IMPORT_HAS_ERRORS')
    expect(await count('accounts')).toBe(before.accounts)

    // The error rows come back as a sheet with the reason, to fix and re-import.
    const errors = await server.app.inject({ method: 'GET', url: `/api/v1/registry/imports/${body.id}/errors.xlsx`, headers: admin })
    expect(errors.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(errors.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    expect(sheet.getRow(1).getCell(10).value).toBe('错误原因')
    expect(sheet.rowCount).toBe(3)
    expect(String(sheet.getRow(2).getCell(1).value)).toBe('锡山税务')
    expect(String(sheet.getRow(2).getCell(10).value)).toContain('与第5行是同一账号')
    expect(sheet.getRow(3).getCell(11).value).toBe('第8行')
  })

  it('commits a clean file once: units created in the tree, accounts with their events and audit, then unchanged on re-import', async () => {
    const rows = GOOD.map((r) => [...r])
    rows[2]![5] = '运行'
    const dry = (await dryRun(await messyXlsx(rows))).json()
    expect(dry.errors).toEqual([])
    expect(dry.changes).toMatchObject({ created: 3, updated: 0, unchanged: 0 })
    const accounts = await count('accounts')
    const res = await commit(dry.id)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ created: 3, updated: 0, unchanged: 0, closed: 0 })
    expect(await count('accounts')).toBe(accounts + 3)
    expect((await commit(dry.id)).json().error.code).toBe('IMPORT_COMMITTED')

    const created = await server.deps.db
      .selectFrom('accounts')
      .innerJoin('departments as d', 'd.id', 'accounts.host_department_id')
      .leftJoin('departments as p', 'p.id', 'd.parent_id')
      .select(['accounts.name', 'accounts.platform', 'accounts.platform_detail', 'accounts.opened_on', 'accounts.contact', 'd.name as unit', 'p.name as parent', 'd.host_level'])
      .where('accounts.name', 'in', ['新锡山', '锡山税务', '锡山文旅'])
      .orderBy('accounts.name')
      .execute()
    expect(created).toEqual([
      { name: '新锡山', platform: 'wechat', platform_detail: '微信公众号', opened_on: '2015-06-01', contact: '0510-88201234', unit: '锡山区融媒体中心', parent: '锡山区人民政府', host_level: 'local' },
      { name: '锡山文旅', platform: 'other', platform_detail: '抖音', opened_on: '', contact: '', unit: '锡山区文体旅游局', parent: '锡山区人民政府', host_level: 'local' },
      { name: '锡山税务', platform: 'weibo', platform_detail: '新浪微博', opened_on: '2016-03-02', contact: '13912345678', unit: '锡山区税务局', parent: '锡山区人民政府', host_level: 'local' }
    ])
    const audit = await server.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', dry.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['registry.import'])

    // The same file again: nothing new.
    const again = (await dryRun(await messyXlsx(rows))).json()
    expect(again.changes).toMatchObject({ created: 0, updated: 0, unchanged: 3 })

    // A rename (matched by its WeChat ID), a suspension with its notice date, the phone changed.
    const changed = rows.map((r) => [...r])
    changed[0]![0] = '锡山融媒'
    changed[1]![7] = '13900000000'
    const sheet = await messyXlsx(changed)
    const dry2 = (await dryRun(sheet)).json()
    expect(dry2.changes).toMatchObject({ created: 0, updated: 2, unchanged: 1 })
    expect(dry2.sample.filter((s: { action: string }) => s.action === 'update').map((s: { changed: string[] }) => s.changed)).toEqual([['name'], ['phone']])
    expect((await commit(dry2.id)).json()).toEqual({ created: 0, updated: 2, unchanged: 1, closed: 0 })
    const renamed = await server.deps.db.selectFrom('accounts').select(['id', 'name']).where('platform_ref', '=', 'xinxishan').execute()
    expect(renamed.map((a) => a.name)).toEqual(['锡山融媒'])
    const events = await server.deps.db.selectFrom('account_events').select(['kind', 'detail']).where('account_id', '=', renamed[0]!.id).orderBy('at').execute()
    expect(events.map((e) => e.kind)).toEqual(['created', 'renamed'])
    expect(JSON.parse(events[1]!.detail)).toEqual({ name: ['新锡山', '锡山融媒'] })
    // The new phone replaces the old one; the renamed account keeps its own.
    const contacts = await server.deps.db.selectFrom('accounts').select(['name', 'contact']).where('name', 'in', ['锡山融媒', '锡山税务']).execute()
    expect(Object.fromEntries(contacts.map((a) => [a.name, a.contact]))).toEqual({ 锡山融媒: '0510-88201234', 锡山税务: '13900000000' })
  })

  it('lets the admin change the mapping, and refuses a mapping that names no such column or field', async () => {
    // 「备注」 is not a known header; mapped by hand to the registry number.
    const csv = '名称,类型,单位,备注\n惠山发布,微信公众号,惠山区人民政府,320206-001\n'
    const auto = (await dryRun(Buffer.from(csv), '台账.csv')).json()
    expect(auto.columns.map((c: { field: string | null }) => c.field)).toEqual(['name', 'platform', 'hostUnit', null])
    const mapped = (await dryRun(Buffer.from(csv), '台账.csv', { 备注: 'registryNo' })).json()
    expect(mapped.columns.map((c: { field: string | null }) => c.field)).toEqual(['name', 'platform', 'hostUnit', 'registryNo'])
    const none = await dryRun(Buffer.from(csv), '台账.csv', { 名称: null })
    expect(none.json().errors.map((e: { code: string }) => e.code)).toEqual(['FIELD_NOT_MAPPED'])
    const unknownColumn = await dryRun(Buffer.from(csv), '台账.csv', { 不存在: 'name' })
    expect([unknownColumn.statusCode, unknownColumn.json().error.code]).toEqual([400, 'MAPPING_INVALID'])
    const unknownField = await dryRun(Buffer.from(csv), '台账.csv', { 备注: 'salary' })
    expect([unknownField.statusCode, unknownField.json().error.code]).toEqual([400, 'MAPPING_INVALID'])
    const broken = await dryRun(Buffer.from(csv), '台账.csv', '{"备注": ')
    expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'MAPPING_INVALID'])
  })

  it('takes the raw file as the body, with its name and mapping in the query (WeChat Cloud Hosting)', async () => {
    const csv = Buffer.from('名称,类型,单位,备注\n惠山发布,微信公众号,惠山区人民政府,320206-001\n')
    const url = `/api/v1/registry/imports?filename=${encodeURIComponent('惠山.csv')}&mapping=${encodeURIComponent(JSON.stringify({ 备注: 'registryNo' }))}`
    const res = await server.app.inject({ method: 'POST', url, payload: csv, headers: { ...admin, 'content-type': 'application/octet-stream' } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ filename: '惠山.csv', total: 1, errors: [] })
    expect(res.json().columns.map((c: { field: string | null }) => c.field)).toEqual(['name', 'platform', 'hostUnit', 'registryNo'])
    const empty = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: Buffer.alloc(0), headers: { ...admin, 'content-type': 'application/octet-stream' } })
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'FILE_MISSING'])
    // A workbook sent with no name is named for the list of imports.
    const unnamed = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: await messyXlsx(GOOD), headers: { ...admin, 'content-type': 'application/octet-stream' } })
    expect(unnamed.statusCode).toBe(201)
    expect(unnamed.json()).toMatchObject({ filename: 'registry.xlsx', total: 3 })
  })

  it('reads a GBK CSV, and refuses what is not a registry', async () => {
    const gbk = iconv.encode('账号名称,平台类型,主办单位,层级\r\n梁溪发布,微信公众号,梁溪区人民政府,县(市、区)\r\n', 'gbk')
    const res = (await dryRun(gbk, 'liangxi.csv')).json()
    expect(res.errors).toEqual([])
    expect(res.total).toBe(1)
    const noHeader = await dryRun(Buffer.from('a,b,c\n1,2,3\n'), 'x.csv')
    expect([noHeader.statusCode, noHeader.json().error.code]).toEqual([422, 'HEADER_NOT_FOUND'])
    const xls = await dryRun(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls')
    expect([xls.statusCode, xls.json().error.code]).toEqual([422, 'FILE_UNREADABLE'])
    const png = await dryRun(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'photo.png')
    expect([png.statusCode, png.json().error.code]).toEqual([415, 'FILE_TYPE_UNSUPPORTED'])
    const empty = await dryRun(Buffer.alloc(0), 'empty.csv')
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'FILE_MISSING'])
    const json = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: { file: 'x' }, headers: admin })
    expect(json.statusCode).toBe(415)
    expect(json.json().error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以表单方式上传 .xlsx 或 .csv 文件' })
  })

  it('is the admin’s alone, and an import is its maker’s', async () => {
    const inspector = await login(server.app, 'inspector')
    const res = await dryRun(Buffer.from('账号名称,平台类型,主办单位\nx,微信,y\n'), 'a.csv', undefined, inspector)
    expect(res.statusCode).toBe(403)
    const mine = (await dryRun(Buffer.from('账号名称,平台类型,主办单位\nx,微信,y\n'), 'a.csv')).json()
    const other = await server.app.inject({ method: 'GET', url: `/api/v1/registry/imports/${mine.id}`, headers: await login(server.app, 'leader') })
    expect(other.statusCode).toBe(403)
    const nope = await server.app.inject({ method: 'GET', url: '/api/v1/registry/imports/imp-nope', headers: admin })
    expect(nope.statusCode).toBe(404)
    expect(nope.json().error).toEqual({ code: 'NOT_FOUND', message: '导入记录不存在' })
  })

  it('commits all or nothing: a failure in the middle leaves the registry as it was', async () => {
    const csv = ['账号名称,平台类型,主办单位,主管单位', ...Array.from({ length: 12 }, (_, i) => `中断测试${i},微信公众号,中断测试单位${i % 3},中断测试主管`)].join('\n')
    const dry = (await dryRun(Buffer.from(csv), 'cut.csv')).json()
    expect(dry.changes.created).toBe(12)
    const before = { accounts: await count('accounts'), departments: await count('departments'), events: await count('account_events') }
    const newId = server.deps.newId
    let calls = 0
    server.deps.newId = () => {
      if (++calls === 20) throw new Error('disk full')
      return newId()
    }
    try {
      const res = await commit(dry.id)
      expect(res.statusCode).toBe(500)
      expect(res.json().error.code).toBe('INTERNAL')
    } finally {
      server.deps.newId = newId
    }
    expect(calls).toBe(20)
    expect({ accounts: await count('accounts'), departments: await count('departments'), events: await count('account_events') }).toEqual(before)
    // Nothing was lost either: the same import commits once the fault is gone.
    expect((await commit(dry.id)).json()).toEqual({ created: 12, updated: 0, unchanged: 0, closed: 0 })
    expect(await count('accounts')).toBe(before.accounts + 12)
  })

  it('keeps a district admin inside the district, and closes what a full re-import leaves out only when asked', async () => {
    const person = (await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '惠山管理员', role: 'admin', departmentId: 'd-hs' } })).json()
    await server.deps.db.updateTable('users').set({ username: 'admin-hs' }).where('id', '=', person.id).execute()
    const hs = await login(server.app, 'admin-hs')
    const district = await server.deps.db
      .selectFrom('accounts')
      .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
      .select(['accounts.id', 'accounts.name', 'accounts.platform', 'accounts.platform_ref', 'departments.name as unit', 'departments.parent_id'])
      .where('accounts.status', '!=', 'closed')
      .where((eb) => eb.or([eb('departments.id', '=', 'd-hs'), eb('departments.parent_id', '=', 'd-hs')]))
      .orderBy('accounts.id')
      .execute()
    expect(district.length).toBeGreaterThan(3)
    const label: Record<string, string> = { wechat: '微信公众号', weibo: '微博', app: '客户端', other: '抖音' }
    const kept = district.slice(1).filter((a) => a.platform !== 'other')
    const csv = ['账号名称,平台类型,主办单位,账号ID或链接', ...kept.map((a) => `${a.name},${label[a.platform]},${a.unit},${a.platform_ref}`), '惠山新号,微信公众号,惠山区新设中心,hsxh'].join('\n')
    const dry = (await dryRun(Buffer.from(csv), 'hs.csv', undefined, hs)).json()
    expect(dry.errors).toEqual([])
    expect(dry.changes).toMatchObject({ created: 1, unchanged: kept.length, updated: 0, closed: district.length - kept.length })
    expect(dry.missing.map((m: { id: string }) => m.id).sort()).toEqual(district.filter((a) => !kept.includes(a)).map((a) => a.id).sort())

    // Without the tick nothing is closed; a second import with the tick closes them, dated, with events.
    expect((await commit(dry.id)).statusCode).toBe(404)
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${dry.id}/commit`, headers: hs, payload: {} })
    expect(res.json()).toEqual({ created: 1, updated: 0, unchanged: kept.length, closed: 0 })
    const unit = await server.deps.db.selectFrom('departments').select(['parent_id', 'level', 'host_level']).where('name', '=', '惠山区新设中心').executeTakeFirstOrThrow()
    expect(unit).toEqual({ parent_id: 'd-hs', level: 'district-dept', host_level: 'local' })
    const again = (await dryRun(Buffer.from(csv), 'hs.csv', undefined, hs)).json()
    const closing = await server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${again.id}/commit`, headers: hs, payload: { closeMissing: true } })
    expect(closing.json()).toEqual({ created: 0, updated: 0, unchanged: kept.length + 1, closed: district.length - kept.length })
    const closed = await server.deps.db.selectFrom('accounts').select(['status', 'closed_on']).where('id', 'in', dry.missing.map((m: { id: string }) => m.id)).execute()
    expect(closed.every((a) => a.status === 'closed' && /^\d{4}-\d{2}-\d{2}$/.test(a.closed_on ?? ''))).toBe(true)
    // The city outside the district was not touched.
    expect(await server.deps.db.selectFrom('accounts').select('id').where('status', '=', 'closed').where('host_department_id', 'like', 'd-city-%').execute()).toEqual([])
    const bad = await server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${again.id}/commit`, headers: hs, payload: { closeMissing: 'yes' } })
    expect(bad.statusCode).toBe(400)
  })
})
