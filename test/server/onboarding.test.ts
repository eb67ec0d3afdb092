import ExcelJS from 'exceljs'
import { createCode2Session } from '../../server/auth/wechat-session'
import { ensureBuiltinCatalogs } from '../../server/services/catalogs'
import { FAKE_APPID, FAKE_SECRET, startFakeWeChat } from '../../scripts/fake-wechat'
import { multipart } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * A new office's people in one sitting: liaisons from the registry's contact columns or a people
 * sheet (dry run, commit), unit invitations opened in the mini-program with WeChat's phone
 * button (a fake WeChat API), bound at once when the number is known, else approved in one tap.
 */
describe.each(dialects)('a whole office’s people on %s', (dialect) => {
  let server: TestServer
  let wechat: Awaited<ReturnType<typeof startFakeWeChat>>
  let admin: Record<string, string>
  const now = new Date().toISOString()

  beforeEach(async () => {
    wechat = await startFakeWeChat()
    server = await startServer(dialect, { seed: false, deps: { wechat: createCode2Session({ appId: FAKE_APPID, secret: FAKE_SECRET, baseUrl: wechat.base, retryDelayMs: 1 }) } })
    await ensureBuiltinCatalogs(server.deps.db)
    const db = server.deps.db
    await db
      .insertInto('departments')
      .values([
        { id: 'd-bgs', parent_id: null, name: '清江市人民政府办公室', short_name: '市政府办', level: 'city', host_level: 'city' },
        { id: 'd-wjw', parent_id: null, name: '清江市卫生健康委员会', short_name: '市卫健委', level: 'city', host_level: 'city' },
        { id: 'd-hx', parent_id: null, name: '河西区人民政府', short_name: '河西区', level: 'district', host_level: 'local' },
        { id: 'd-hx-jd', parent_id: 'd-hx', name: '河西区东街街道办事处', short_name: '东街街道', level: 'town', host_level: 'local' }
      ])
      .execute()
    const account = (id: string, unit: string, operator: string, contact: string, status = 'active') => ({
      id,
      name: `账号${id}`,
      platform: 'wechat',
      platform_ref: '',
      host_department_id: unit,
      operator,
      contact,
      status,
      stop_notice_on: null,
      registry_no: '',
      opened_on: '',
      closed_on: null,
      updated_at: null
    })
    await db
      .insertInto('accounts')
      .values([
        account('a1', 'd-bgs', '赵敏', '139 0000 1111'),
        account('a2', 'd-bgs', '赵敏', '13900001111'),
        account('a3', 'd-wjw', '钱伟', '+86 139-0000-2222'),
        account('a4', 'd-wjw', '孙莉', '0510-81234567'),
        account('a5', 'd-hx-jd', '', '13900005555'),
        account('a6', 'd-hx', '李娜', '13900006666'),
        account('a7', 'd-hx', '周涛', '13900007777', 'closed')
      ])
      .execute()
    await db.insertInto('users').values({ id: 'u-admin', username: 'qj-admin', name: '王珊', role: 'admin', department_id: null, active: 1, created_at: now }).execute()
    admin = await login(server.app, 'qj-admin')
  })
  afterEach(async () => {
    await server.close()
    await wechat.close()
  })

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
  const people = () => server.deps.db.selectFrom('users').select(['name', 'role', 'department_id', 'phone', 'openid']).orderBy('name').execute()

  it('plans liaisons from the registry’s contact columns, one per unit and person, and creates them in one commit', async () => {
    const plan = await inject('POST', '/people/imports', admin, { source: 'registry' })
    expect(plan.json().error).toBeUndefined()
    expect(plan.statusCode).toBe(201)
    const body = plan.json()
    const byName = Object.fromEntries(body.rows.map((r: { name: string }) => [r.name, r]))
    expect(body.rows.map((r: { name: string }) => r.name).sort()).toEqual(['', '孙莉', '李娜', '赵敏', '钱伟'].sort())
    expect(byName['赵敏']).toMatchObject({ phone: '13900001111', unitName: '清江市人民政府办公室', role: 'liaison', action: 'create', reason: null })
    expect(byName['钱伟']).toMatchObject({ phone: '13900002222', action: 'create' })
    // A landline is kept as a row to create, with why an invitation cannot bind them.
    expect(byName['孙莉']).toMatchObject({ phone: null, action: 'create', reason: expect.stringContaining('不是手机号') })
    expect(byName['']).toMatchObject({ action: 'error', reason: expect.stringContaining('未填运维人员姓名') })
    expect(body.counts).toEqual({ create: 4, exists: 0, error: 1 })
    // Nothing is created by the dry run.
    expect((await people()).map((p) => p.name)).toEqual(['王珊'])

    const done = await inject('POST', `/people/imports/${body.id}/commit`, admin)
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({ created: 4, byRole: { liaison: 4, inspector: 0 } })
    expect((await people()).filter((p) => p.role === 'liaison').map((p) => [p.name, p.department_id, p.phone])).toEqual([
      ['孙莉', 'd-wjw', null],
      ['李娜', 'd-hx', '13900006666'],
      ['赵敏', 'd-bgs', '13900001111'],
      ['钱伟', 'd-wjw', '13900002222']
    ])
    expect((await inject('POST', `/people/imports/${body.id}/commit`, admin)).json().error.code).toBe('IMPORT_COMMITTED')
    // Planned again: everyone is there.
    const again = (await inject('POST', '/people/imports', admin, { source: 'registry' })).json()
    expect(again.counts).toEqual({ create: 0, exists: 4, error: 1 })
    const audit = await server.deps.db.selectFrom('audit_log').select('action').where('action', 'in', ['user.create', 'people.import']).execute()
    expect(audit.filter((a) => a.action === 'user.create')).toHaveLength(4)
    expect(audit.filter((a) => a.action === 'people.import')).toHaveLength(1)
  })

  it('reads a people sheet in the office’s own words, names each bad row, and keeps a district admin inside the district', async () => {
    const book = new ExcelJS.Workbook()
    book.addWorksheet('联络员名单').addRows([
      ['2024年联络员名单'],
      ['序号', '姓 名', '所属单位', '手机号码', '身份'],
      [1, '吴刚', '市卫健委', '13900008888', '联络员'],
      [2, '郑洁', '清江市人民政府办公室', '', '检查人员'],
      [3, '冯伟', '清江市交通运输局', '13900009999', ''],
      [4, '陈静', '河西区东街街道办事处', '1390000', '联络员'],
      [5, '刘洋', '河西区人民政府', '13900001010', '宣传员'],
      [6, '吴刚', '清江市卫生健康委员会', '13900008888', '联络员'],
      [7, '王五', '卫健', '13900007070', ''],
      [8, '赵六', '政府', '13900007171', ''],
      ['合计', '', '', '', '']
    ])
    const bytes = Buffer.from(await book.xlsx.writeBuffer())
    const upload = (headers: Record<string, string>) => {
      const f = multipart(bytes, encodeURIComponent('联络员名单.xlsx'))
      return server.app.inject({ method: 'POST', url: '/api/v1/people/imports', payload: f.payload, headers: { ...headers, ...f.headers } })
    }
    const res = await upload(admin)
    expect(res.statusCode).toBe(201)
    const rows = res.json().rows as { where: string; name: string; action: string; reason: string | null; role: string; unitId: string | null }[]
    expect(rows.map((r) => [r.where, r.name, r.action, r.role])).toEqual([
      ['联络员名单!第3行', '吴刚', 'create', 'liaison'],
      ['联络员名单!第4行', '郑洁', 'create', 'inspector'],
      ['联络员名单!第5行', '冯伟', 'error', 'liaison'],
      ['联络员名单!第6行', '陈静', 'error', 'liaison'],
      ['联络员名单!第7行', '刘洋', 'error', 'liaison'],
      ['联络员名单!第8行', '吴刚', 'exists', 'liaison'],
      ['联络员名单!第9行', '王五', 'create', 'liaison'],
      ['联络员名单!第10行', '赵六', 'error', 'liaison']
    ])
    // An abbreviation naming one unit is that unit; naming several, the row asks for the full name.
    expect(rows[6]?.unitId).toBe('d-wjw')
    expect(rows[7]?.reason).toMatch(/^单位「政府」可能是：.+人民政府.+，请写全称$/)
    expect(rows[0]?.unitId).toBe('d-wjw')
    expect(rows[2]?.reason).toContain('不在单位树中')
    expect(rows[3]?.reason).toContain('不是 11 位手机号')
    expect(rows[4]?.reason).toContain('角色「宣传员」不认识')
    expect(rows[5]?.reason).toBe('与上面的行重复')

    // A district admin: the city's units are out of reach, the district's are fine.
    await server.deps.db.insertInto('users').values({ id: 'u-hx', username: 'hx-admin', name: '孙丽', role: 'admin', department_id: 'd-hx', active: 1, created_at: now }).execute()
    const hx = await login(server.app, 'hx-admin')
    const district = (await upload(hx)).json().rows as { name: string; action: string; reason: string | null }[]
    expect(district.find((r) => r.name === '郑洁')).toMatchObject({ action: 'error', reason: expect.stringContaining('不在您管理的范围内') })
    const fromRegistry = (await inject('POST', '/people/imports', hx, { source: 'registry' })).json().rows as { name: string }[]
    expect(fromRegistry.map((r) => r.name).sort()).toEqual(['', '李娜'])

    // Unreadable input: clear errors, nothing stored.
    const empty = new ExcelJS.Workbook()
    empty.addWorksheet('x').addRows([['名称', '电话'], ['甲', '13900000000']])
    const f = multipart(Buffer.from(await empty.xlsx.writeBuffer()), 'x.xlsx')
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/people/imports', payload: f.payload, headers: { ...admin, ...f.headers } })).json().error.code).toBe('PEOPLE_HEADERS_MISSING')
    expect((await inject('POST', '/people/imports', admin, { source: 'nowhere' })).json().error.code).toBe('SOURCE_INVALID')
    const inspector = await (async () => {
      await server.deps.db.insertInto('users').values({ id: 'u-i', username: 'qj-i', name: '检', role: 'inspector', department_id: null, active: 1, created_at: now }).execute()
      return login(server.app, 'qj-i')
    })()
    expect((await inject('POST', '/people/imports', inspector, { source: 'registry' })).statusCode).toBe(403)
  })

  it('binds whoever opens a unit’s invitation with a known number at once, asks an admin about anyone else, and refuses revoked or expired links', async () => {
    // 赵敏 exists as the office's liaison; 钱伟 is only the registry's contact; 13900004444 nobody.
    const plan = (await inject('POST', '/people/imports', admin, { source: 'registry' })).json()
    const keep = plan.rows.filter((r: { name: string }) => r.name === '赵敏')
    await server.deps.db.updateTable('people_imports').set({ plan: JSON.stringify({ filename: null, rows: keep }) }).where('id', '=', plan.id).execute()
    await inject('POST', `/people/imports/${plan.id}/commit`, admin)

    const invite = async (unit: string) => {
      const res = await inject('POST', `/departments/${unit}/invitations`, admin)
      expect(res.statusCode).toBe(201)
      return res.json() as { id: string; token: string; path: string; departmentName: string }
    }
    const bgs = await invite('d-bgs')
    expect(bgs.path).toBe(`pages/join/index?t=${bgs.token}`)
    expect((await inject('GET', `/join/${bgs.token}`)).json()).toMatchObject({ departmentName: '清江市人民政府办公室' })
    const join = (token: string, who: string, phone: string) => inject('POST', `/join/${token}`, {}, { code: `code-${who}`, phoneCode: `phone-${phone}` })

    const zhao = await join(bgs.token, 'zhaomin', '13900001111')
    expect(zhao.json()).toMatchObject({ status: 'signed-in', user: { name: '赵敏', role: 'liaison', departmentId: 'd-bgs' } })
    expect((await inject('GET', '/me', { authorization: `Bearer ${zhao.json().token}` })).json().user.name).toBe('赵敏')
    // From now on plain WeChat sign-in works; the invitation again is just a sign-in.
    expect((await inject('POST', '/auth/wechat', {}, { code: 'code-zhaomin' })).json().status).toBe('signed-in')
    expect((await join(bgs.token, 'zhaomin', '13900001111')).json().status).toBe('signed-in')

    // The registry's contact of the unit: created as its liaison and bound.
    const wjw = await invite('d-wjw')
    expect((await join(wjw.token, 'qianwei', '13900002222')).json()).toMatchObject({ status: 'signed-in', user: { name: '钱伟', departmentId: 'd-wjw' } })
    // Another unit's number through this unit's link: not bound, asked.
    const stranger = await join(wjw.token, 'stranger', '13900006666')
    expect(stranger.json()).toMatchObject({ status: 'pending', departmentName: '清江市卫生健康委员会' })
    expect((await join(wjw.token, 'stranger', '13900006666')).json().requestId).toBe(stranger.json().requestId)
    const requests = (await inject('GET', '/join-requests', admin)).json().items
    expect(requests).toEqual([expect.objectContaining({ id: stranger.json().requestId, phone: '139****6666', departmentName: '清江市卫生健康委员会' })])
    expect((await inject('POST', `/join-requests/${stranger.json().requestId}/approve`, admin, { name: ' ' })).json().error.code).toBe('NAME_INVALID')
    expect((await inject('POST', `/join-requests/${stranger.json().requestId}/approve`, admin, { name: '李四' })).statusCode).toBe(200)
    expect((await inject('POST', `/join-requests/${stranger.json().requestId}/reject`, admin)).json().error.code).toBe('JOIN_DECIDED')
    expect((await inject('POST', '/auth/wechat', {}, { code: 'code-stranger' })).json()).toMatchObject({ status: 'signed-in', user: { name: '李四', departmentId: 'd-wjw' } })
    const rejected = await join(wjw.token, 'other', '13900004444')
    expect((await inject('POST', `/join-requests/${rejected.json().requestId}/reject`, admin)).statusCode).toBe(200)
    expect((await inject('POST', '/auth/wechat', {}, { code: 'code-other' })).json().status).toBe('bind-required')

    // Every binding is audited, and the invitation counts who joined.
    const actions = (await server.deps.db.selectFrom('audit_log').select('action').orderBy('at').execute()).map((a) => a.action)
    expect(actions.filter((a) => a === 'user.join')).toHaveLength(2)
    expect(actions).toEqual(expect.arrayContaining(['invitation.create', 'join.request', 'join.approve', 'join.reject']))
    const listed = (await inject('GET', '/invitations', admin)).json().items as { id: string; joined: number }[]
    expect(listed.find((i) => i.id === wjw.id)?.joined).toBe(2)

    // Bad phone codes, revoked and expired links.
    expect((await inject('POST', `/join/${bgs.token}`, {}, { code: 'code-x', phoneCode: 'nonsense' })).json().error.code).toBe('PHONE_CODE_INVALID')
    expect((await inject('DELETE', `/invitations/${bgs.id}`, admin)).json()).toMatchObject({ revoked: true })
    expect((await join(bgs.token, 'late', '13900001212')).json().error.code).toBe('INVITATION_REVOKED')
    expect((await inject('GET', `/join/${bgs.token}`)).json().error.code).toBe('INVITATION_REVOKED')
    server.deps.now = () => new Date(Date.now() + 15 * 24 * 3600 * 1000)
    expect((await join(wjw.token, 'late', '13900001212')).json().error.code).toBe('INVITATION_EXPIRED')
    expect((await inject('GET', `/join/${'x'.repeat(24)}`)).json().error.code).toBe('INVITATION_INVALID')
  })

  it('keeps invitations and requests inside a district admin’s district', async () => {
    await server.deps.db.insertInto('users').values({ id: 'u-hx', username: 'hx-admin', name: '孙丽', role: 'admin', department_id: 'd-hx', active: 1, created_at: now }).execute()
    const hx = await login(server.app, 'hx-admin')
    expect((await inject('POST', '/departments/d-wjw/invitations', hx)).statusCode).toBe(404)
    const own = (await inject('POST', '/departments/d-hx-jd/invitations', hx)).json()
    const city = (await inject('POST', '/departments/d-wjw/invitations', admin)).json()
    expect((await inject('GET', '/invitations', hx)).json().items.map((i: { id: string }) => i.id)).toEqual([own.id])
    expect((await inject('DELETE', `/invitations/${city.id}`, hx)).statusCode).toBe(404)
    const asked = (await inject('POST', `/join/${city.token}`, {}, { code: 'code-someone', phoneCode: 'phone-13900003333' })).json()
    expect(asked.status).toBe('pending')
    expect((await inject('GET', '/join-requests', hx)).json().items).toEqual([])
    expect((await inject('POST', `/join-requests/${asked.requestId}/approve`, hx, { name: '某人' })).statusCode).toBe(404)
    // The registry's contact of a sub-unit joins through the district's own link.
    const jd = (await inject('POST', `/join/${own.token}`, {}, { code: 'code-jd', phoneCode: 'phone-13900005555' })).json()
    expect(jd).toMatchObject({ status: 'signed-in', user: { name: '河西区东街街道办事处联络员', departmentId: 'd-hx-jd' } })
  })
})
