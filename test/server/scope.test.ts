import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

/**
 * Regressions of the scope findings of the attack-and-fault probe (issue 24): a district admin
 * stays inside the district whatever they import, move or reference; drafts are the admins';
 * out-of-scope ids answer like missing ones. Each test failed on the code before the fix.
 */
describe.each(dialects)('scope on %s', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  let district: Record<string, string>
  let districtAdminId: string
  beforeEach(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
    const made = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '区管理员', role: 'admin', departmentId: 'd-xs' } })
    districtAdminId = made.json().id
    district = await login(server.app, districtAdminId)
  })
  afterEach(async () => {
    await server.close()
  })

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) => server.app.inject({ method, url, headers, payload: payload as never })

  it('a district admin cannot make themselves city-wide by importing a 市级 unit and moving into it', async () => {
    const csv = '账号名称,平台类型,主办单位,层级\n提权测试号,微信公众号,提权测试局,市级\n'
    const up = multipart(Buffer.from(csv), 'escalate.csv')
    const preview = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', headers: { ...district, ...up.headers }, payload: up.payload })
    expect(preview.statusCode).toBe(201)
    const committed = await inject('POST', `/api/v1/registry/imports/${preview.json().id}/commit`, district, {})
    expect(committed.statusCode).toBeGreaterThanOrEqual(400)
    // Whatever the import did, no unit below the district is city-level.
    const below = await server.deps.db.selectFrom('departments').select(['id', 'host_level', 'parent_id']).execute()
    const under = new Set(['d-xs'])
    for (let n = 0; n !== under.size; ) {
      n = under.size
      for (const d of below) if (d.parent_id && under.has(d.parent_id)) under.add(d.id)
    }
    // And a city-level unit placed below the district by any means (an old import, a hand edit) gives no city-wide reach.
    await server.deps.db.insertInto('departments').values({ id: 'd-xs-fake-city', parent_id: 'd-xs', name: '自称市级局', short_name: '自称市级局', level: 'city-dept', host_level: 'city', search_key: 'zcsjj' }).execute()
    const moved = await inject('PATCH', `/api/v1/users/${districtAdminId}`, district, { departmentId: 'd-xs-fake-city' })
    expect(moved.statusCode).toBe(200)
    const again = await login(server.app, districtAdminId)
    const cityAdmin = await inject('POST', '/api/v1/users', again, { name: '市级管理员', role: 'admin', departmentId: null })
    expect(cityAdmin.statusCode).toBe(403)
    const accounts = await inject('GET', '/api/v1/registry/accounts?pageSize=1', again)
    const all = await inject('GET', '/api/v1/registry/accounts?pageSize=1', admin)
    expect(accounts.json().total).toBeLessThan(all.json().total)
  })

  it('a district admin does not change a city round, its circular, checklist versions or the wording dictionary', async () => {
    const round = 'r-2024q2'
    const circular = await inject('GET', `/api/v1/rounds/${round}/circular`, admin)
    const settings = circular.json().settings ?? circular.json()
    const put = await inject('PUT', `/api/v1/rounds/${round}/circular`, district, { office: '锡山区', title: '被改掉的标题', nextSteps: '无', docNo: '', practices: '' })
    expect(put.statusCode).toBe(403)
    expect(JSON.stringify((await inject('GET', `/api/v1/rounds/${round}/circular`, admin)).json())).not.toContain('被改掉的标题')
    void settings
    expect((await inject('POST', '/api/v1/catalogs/national-2019%401/clone', district)).statusCode).toBe(403)
    const term = await inject('POST', '/api/v1/wording-terms', admin, { wrong: '范围测试错词', right: '范围测试正词', source: '测试' })
    expect(term.statusCode).toBe(201)
    expect((await inject('DELETE', `/api/v1/wording-terms/${term.json().id}`, district)).statusCode).toBe(403)
    expect((await inject('POST', '/api/v1/wording-terms', district, { wrong: '区里的错词', right: '区里的正词', source: '测试' })).statusCode).toBe(403)
  })

  it('a district admin submits and reads inspections only of the district’s accounts, and cannot launder a screenshot into the district', async () => {
    const db = server.deps.db
    const rows = await db
      .selectFrom('round_accounts')
      .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
      .select(['accounts.id', 'accounts.host_department_id'])
      .where('round_accounts.round_id', '=', 'r-2024q2')
      .execute()
    const inDistrict = new Set((await db.selectFrom('departments').select(['id', 'parent_id']).execute()).filter((d) => d.id === 'd-xs' || d.parent_id === 'd-xs').map((d) => d.id))
    const outside = rows.find((r) => !inDistrict.has(r.host_department_id)) as { id: string }
    const inside = rows.find((r) => inDistrict.has(r.host_department_id)) as { id: string }
    expect(outside && inside).toBeTruthy()
    const body = (accountId: string, evidence: string[] = []) => ({ roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId, answers: nationalAnswers('2024-06-20', { '1': { evidence } }) })
    expect((await inject('PUT', '/api/v1/inspections/c-scope-out', district, body(outside.id))).statusCode).toBe(400)
    // A screenshot the city's inspector sent, outside the district.
    const inspector = await login(server.app, 'inspector')
    const up = multipart(await png(77))
    const sha = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, ...up.headers }, payload: up.payload })).json().sha256
    const liaison = await login(server.app, 'liaison-xishan')
    expect((await inject('GET', `/api/v1/evidence/${sha}`, liaison)).statusCode).toBe(404)
    const laundered = await inject('PUT', '/api/v1/inspections/c-scope-in', district, body(inside.id, [sha]))
    expect(laundered.statusCode).toBe(201)
    expect((await inject('GET', `/api/v1/evidence/${sha}`, liaison)).statusCode).toBe(404)
    expect((await inject('GET', `/api/v1/evidence/${sha}`, district)).statusCode).toBe(404)
    // The city inspector's own receipt is not the district admin's to read.
    expect((await inject('GET', '/api/v1/inspections/seed-a-c001-2', district)).statusCode).toBe(404)
  })

  it('a draft round is the admins’ until it opens: to anyone else it does not exist', async () => {
    const made = await inject('POST', '/api/v1/rounds', admin, { name: '草稿批次', catalogId: 'national-2019@1', checkpoints: ['2024-08-10'], deadline: '2024-08-30', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'all' } })
    expect(made.statusCode).toBe(201)
    const id = made.json().id
    for (const who of ['inspector', 'leader', 'liaison-wjw']) {
      const h = await login(server.app, who)
      for (const url of [`/api/v1/rounds/${id}`, `/api/v1/rounds/${id}/summary`, `/api/v1/rounds/${id}/issues`]) {
        const res = await inject('GET', url, h)
        expect([who, url, res.statusCode]).toEqual([who, url, who === 'liaison-wjw' && url.endsWith('summary') ? 403 : 404])
      }
    }
    expect((await inject('GET', `/api/v1/rounds/${id}`, admin)).statusCode).toBe(200)
  })

  it('an id outside the caller’s scope answers like a missing one (404), and renaming an account to its own name changes nothing', async () => {
    const db = server.deps.db
    const liaison = await login(server.app, 'liaison-xishan')
    const issue = await db.selectFrom('issues').select('id').where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    expect((await inject('GET', `/api/v1/issues/${issue.id}`, liaison)).statusCode).toBe(404)
    expect((await inject('GET', '/api/v1/issues/no-such-issue', liaison)).statusCode).toBe(404)
    const cityAccount = await db.selectFrom('accounts').select(['id', 'name']).where('host_department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    expect((await inject('GET', `/api/v1/registry/accounts/${cityAccount.id}`, district)).statusCode).toBe(404)
    expect((await inject('GET', '/api/v1/registry/accounts/no-such-account', district)).statusCode).toBe(404)
    const cityPerson = await db.selectFrom('users').select('id').where('id', '=', 'u-inspector').executeTakeFirstOrThrow()
    expect((await inject('PATCH', `/api/v1/users/${cityPerson.id}`, district, { name: '改名' })).statusCode).toBe(404)
    expect((await inject('PATCH', '/api/v1/users/no-such-user', district, { name: '改名' })).statusCode).toBe(404)
    const before = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    const same = await inject('POST', `/api/v1/registry/accounts/${cityAccount.id}`, admin, { name: cityAccount.name })
    expect(same.statusCode).toBe(409)
    expect(same.json().error.code).toBe('ACCOUNT_UNCHANGED')
    const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
