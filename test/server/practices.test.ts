import { multipart, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/** Good practices (典型做法): flagged by inspectors through the outbox, picked by the admin for the circular. */

describe.each(dialects)('good practices (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  let inspector: Record<string, string>
  let shot: string
  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    admin = await login(server.app, 'admin')
    inspector = await login(server.app, 'inspector')
    const body = multipart(await png(71))
    shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, ...body.headers }, payload: body.payload })).json().sha256
  })
  afterAll(() => server.close())

  // a-cgj-wechat style ids: find the city's 无锡教育 (city level: the municipal inspector's).
  const accountId = async (name: string) => {
    const res = await server.app.inject({ url: `/api/v1/rounds/r-2024q2/accounts?q=${encodeURIComponent(name)}&pageSize=50`, headers: admin })
    const item = res.json().items.find((a: { name: string; platform: string }) => a.name === name && a.platform === 'wechat')
    return item.id as string
  }
  const put = (clientId: string, payload: object, headers = inspector) => server.app.inject({ method: 'PUT', url: `/api/v1/practices/${clientId}`, headers, payload })
  const list = async (headers = admin) => (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/practices', headers })).json()

  it('takes an inspector’s practice once under its client id, lists it by theme, and takes a newer version in its place', async () => {
    const account = await accountId('无锡教育')
    const body = { roundId: 'r-2024q2', accountId: account, theme: 'interaction', note: ' 家长留言当天回复 ', evidence: [shot] }
    const first = await put('prac-00000001', body)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ theme: 'interaction', note: '家长留言当天回复', picked: false, wording: null, evidence: [shot], account: { name: '无锡教育' }, inspector: { name: '张敏' } })
    const replay = await put('prac-00000001', body)
    expect(replay.json()).toEqual(first.json())
    const groups = (await list()).groups as { theme: string; items: { clientId: string }[] }[]
    expect(groups.map((g) => g.theme)).toEqual(['service', 'content', 'interaction'])
    expect(groups.find((g) => g.theme === 'interaction')?.items.map((i) => i.clientId)).toEqual(['prac-00000001'])

    const newer = await put('prac-00000001', { ...body, theme: 'content', note: '开设“家长课堂”专栏', evidence: [] })
    expect(newer.json()).toMatchObject({ id: first.json().id, theme: 'content', note: '开设“家长课堂”专栏', evidence: [] })
    const all = await list()
    expect(all.total).toBe(5)
    expect(all.groups.map((g: { theme: string }) => g.theme)).toEqual(['service', 'content'])
    // In the audit trail: the first version as submitted, the newer one as an update; the replay not at all.
    const audit = (await server.app.inject({ url: `/api/v1/audit?entity=practice&entityId=${first.json().id}`, headers: admin })).json().items
    // Both at the test's fixed clock: compared in the order of their actions.
    expect(audit.map((a: { action: string; after: unknown }) => [a.action, a.after]).sort()).toEqual([
      ['practice.submit', { theme: 'interaction', note: '家长留言当天回复', evidence: 1 }],
      ['practice.update', { theme: 'content', note: '开设“家长课堂”专栏', evidence: 0 }]
    ])
  })

  it('refuses what is not a practice and changes nothing', async () => {
    const account = await accountId('无锡公安')
    const before = await list()
    const body = { roundId: 'r-2024q2', accountId: account, theme: 'service', note: '户籍业务可预约', evidence: [] }
    expect((await put('prac-00000010', { ...body, theme: 'beauty' })).json().error.code).toBe('PRACTICE_THEME_INVALID')
    expect((await put('prac-00000010', { ...body, note: '  ' })).json().error.code).toBe('NOTE_REQUIRED')
    expect((await put('prac-00000010', { ...body, note: '好'.repeat(501) })).json().error.code).toBe('NOTE_TOO_LONG')
    expect((await put('prac-00000010', { ...body, evidence: ['a'.repeat(64)] })).json().error.code).toBe('EVIDENCE_MISSING')
    expect((await put('prac-00000010', { ...body, roundId: 'r-none' })).statusCode).toBe(404)
    expect((await put('prac-00000010', { ...body, accountId: 'a-none' })).json().error.code).toBe('ACCOUNT_NOT_IN_ROUND')
    // A local account is the contracted inspector's (李强), not 张敏's.
    const local = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/accounts?assignee=u-inspector2&pageSize=1', headers: admin })).json().items[0].id
    expect((await put('prac-00000010', { ...body, accountId: local })).statusCode).toBe(403)
    expect((await put('prac-00000010', body, await login(server.app, 'liaison-wjw'))).statusCode).toBe(403)
    expect((await list()).total).toBe(before.total)
    // Someone else's client id.
    expect((await put('prac-00000010', body)).statusCode).toBe(200)
    expect((await put('prac-00000010', { ...body, accountId: local }, await login(server.app, 'inspector2'))).json().error.code).toBe('CLIENT_ID_TAKEN')
    expect((await put('prac-00000010', { ...body, accountId: await accountId('无锡教育') })).json().error.code).toBe('CLIENT_ID_REUSED')
  })

  it('lets the admin reword, re-theme and pick a practice; the circular names the picked ones under 二 by theme', async () => {
    const item = (await list()).groups.flatMap((g: { items: { id: string; clientId: string }[] }) => g.items).find((i: { clientId: string }) => i.clientId === 'prac-00000010')
    const patch = (payload: object, headers = admin) => server.app.inject({ method: 'PATCH', url: `/api/v1/practices/${item.id}`, headers, payload })
    expect((await patch({ picked: true }, await login(server.app, 'leader'))).statusCode).toBe(403)
    expect((await patch({ theme: 'x' })).json().error.code).toBe('PRACTICE_THEME_INVALID')
    expect((await patch({ wording: '好'.repeat(501) })).json().error.code).toBe('NOTE_TOO_LONG')
    expect((await patch({})).statusCode).toBe(400)
    const saved = await patch({ wording: '推出户籍业务网上预约，群众少跑腿。', theme: 'service', picked: true })
    expect(saved.json()).toMatchObject({ wording: '推出户籍业务网上预约，群众少跑腿。', theme: 'service', picked: true, note: '户籍业务可预约' })
    // The mini-program sends POST (wx.request has no PATCH).
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/practices/${item.id}`, headers: admin, payload: { picked: true } })).statusCode).toBe(200)

    const preview = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular', headers: admin })).json().preview
    const section = preview.sections[1].paragraphs.map((p: { text: string }) => p.text)
    expect(section).toEqual([
      '各地各部门持续提升政务新媒体服务能力，涌现出一批典型做法。',
      '（一）服务功能方面。',
      '「无锡城管」开设“城管服务”栏目，市民可在线反映市容问题并查询办理进度。',
      '「无锡人社」上线社保查询、就业服务等掌上办事功能。',
      '「无锡医保」提供医保缴费、异地备案等线上服务，方便群众办事。',
      '「无锡公安」推出户籍业务网上预约，群众少跑腿。'
    ])
    // Unpicked: out of the circular again; clearing the wording goes back to the inspector's note.
    await patch({ picked: false, wording: '' })
    const after = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular', headers: admin })).json().preview.sections[1].paragraphs
    expect(after.map((p: { text: string }) => p.text).join()).not.toContain('无锡公安')
    const audit = (await server.app.inject({ url: `/api/v1/audit?entity=practice&entityId=${item.id}`, headers: admin })).json().items
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['practice.submit', 'practice.edit']))
  })

  it('shows a district leader only the district’s practices and a liaison none', async () => {
    const leader = await login(server.app, 'leader')
    expect((await list(leader)).total).toBeGreaterThan(0)
    expect((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/practices', headers: await login(server.app, 'liaison-wjw') })).statusCode).toBe(403)
    expect((await server.app.inject({ url: '/api/v1/rounds/r-none/practices', headers: leader })).statusCode).toBe(404)
  })
})
