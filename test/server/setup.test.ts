import { ensureBuiltinCatalogs } from '../../server/services/catalogs'
import { dialects, login, startServer, type TestServer } from './harness'
import { setupSteps } from '../../src/core'

/** The admin's first-run checklist on a new office's empty database, and within a district's scope. */
describe.each(dialects)('the first-run setup status on %s', (dialect) => {
  let server: TestServer
  afterEach(() => server.close())

  it('starts at nothing, counts each step as the office takes it, and only admins ask', async () => {
    server = await startServer(dialect, { seed: false })
    await ensureBuiltinCatalogs(server.deps.db)
    const now = new Date().toISOString()
    await server.deps.db.insertInto('users').values({ id: 'u-a', username: 'qj-admin', name: '孙丽', role: 'admin', department_id: null, active: 1, created_at: now }).execute()
    const admin = await login(server.app, 'qj-admin')
    const status = async () => {
      const res = await server.app.inject({ url: '/api/v1/setup', headers: admin })
      expect(res.statusCode).toBe(200)
      return res.json()
    }
    const first = await status()
    expect(first).toMatchObject({ accounts: 0, units: 0, people: { inspector: 0, liaison: 0, leader: 0, admin: 1 }, signedUp: 0, rounds: { draft: 0, open: 0, closed: 0 } })
    expect(first.catalogs).toBeGreaterThan(0)
    expect(setupSteps(first).map((s) => s.done)).toEqual([false, false, true, false])

    await server.deps.db.insertInto('departments').values({ id: 'd-1', parent_id: null, name: '清江市卫生健康委员会', short_name: '市卫健委', level: 'city', host_level: 'city' }).execute()
    await server.deps.db
      .insertInto('accounts')
      .values({ id: 'a-1', name: '健康清江', platform: 'wechat', platform_ref: '', host_department_id: 'd-1', operator: '', contact: '', status: 'active', stop_notice_on: null, registry_no: '', opened_on: '', closed_on: null, updated_at: null })
      .execute()
    for (const [id, role] of [['u-i', 'inspector'], ['u-l', 'liaison'], ['u-x', 'inspector']] as const) {
      await server.deps.db.insertInto('users').values({ id, username: id, name: id, role, department_id: role === 'liaison' ? 'd-1' : null, active: id === 'u-x' ? 0 : 1, created_at: now }).execute()
    }
    const second = await status()
    expect(second).toMatchObject({ accounts: 1, units: 1, people: { inspector: 1, liaison: 1, leader: 0, admin: 1 } })
    expect(setupSteps(second).map((s) => s.state)).toEqual(['已导入 1 个账号、1 个单位', '1 名检查员、1 名联络员', expect.stringMatching(/^已发布 \d+ 个指标版本$/), '还没有检查批次'])

    const inspector = await login(server.app, 'u-i')
    expect((await server.app.inject({ url: '/api/v1/setup', headers: inspector })).statusCode).toBe(403)
    expect((await server.app.inject({ url: '/api/v1/setup' })).statusCode).toBe(401)
  })

  it('counts a district admin’s district only', async () => {
    server = await startServer(dialect)
    const city = (await server.app.inject({ url: '/api/v1/setup', headers: await login(server.app, 'admin') })).json()
    const all = await server.deps.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(city.accounts).toBe(Number(all.n))
    expect(city.accounts).toBeGreaterThan(400)
    expect(city.rounds.open).toBeGreaterThan(0)
    await server.deps.db.insertInto('users').values({ id: 'u-xs-admin', username: 'xs-admin', name: '孙丽', role: 'admin', department_id: 'd-xs', active: 1, created_at: new Date().toISOString() }).execute()
    const district = (await server.app.inject({ url: '/api/v1/setup', headers: await login(server.app, 'xs-admin') })).json()
    const inDistrict = await server.deps.db
      .selectFrom('accounts')
      .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('departments.id', '=', 'd-xs'), eb('departments.id', 'like', 'd-xs-%')]))
      .executeTakeFirstOrThrow()
    expect(district.accounts).toBe(Number(inDistrict.n))
    expect(district.accounts).toBeLessThan(city.accounts)
    expect(district.people.admin).toBe(1)
  })
})

describe.each(dialects)('one name search wherever a unit is picked, on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(() => server.close())

  it('finds 卫生健康委员会 by 「卫健」 and by pinyin in the unit picker, the registry and the round’s account list alike', async () => {
    const admin = await login(server.app, 'admin')
    const get = async (url: string) => {
      const res = await server.app.inject({ url: `/api/v1${url}`, headers: admin })
      expect(res.statusCode).toBe(200)
      return res.json().items as { name: string; department?: { name: string } }[]
    }
    for (const q of ['卫健', '卫健委', '卫生健康', 'wsjk']) {
      const units = await get(`/departments?q=${encodeURIComponent(q)}`)
      expect(units.map((u) => u.name)).toContain('无锡市卫生健康委员会')
      const registry = await get(`/registry/accounts?pageSize=100&q=${encodeURIComponent(q)}`)
      expect(registry.some((a) => a.department?.name === '无锡市卫生健康委员会')).toBe(true)
      const round = await get(`/rounds/r-2024q2/accounts?pageSize=100&q=${encodeURIComponent(q)}`)
      expect(round.some((a) => a.department?.name === '无锡市卫生健康委员会')).toBe(true)
    }
    // The name as typed comes first; wildcards are plain text.
    expect((await get(`/departments?q=${encodeURIComponent('卫生健康')}`))[0]?.name).toContain('卫生健康')
    expect(await get(`/departments?q=${encodeURIComponent('%_')}`)).toBeDefined()
  })
})
