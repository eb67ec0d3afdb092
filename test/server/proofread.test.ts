import { dialects, login, startServer, type TestServer } from './harness'

/**
 * The proofreader behind the API: any text people write into documents (POST /proofread), the
 * office's own 错敏词库 first, and the leaders' table that the admin keeps (names ↔ titles).
 */
describe.each(dialects)('proofreading on %s', (dialect) => {
  let server: TestServer
  let inspector: Record<string, string>
  let admin: Record<string, string>
  let leader: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    inspector = await login(server.app, 'inspector')
    admin = await login(server.app, 'admin')
    leader = await login(server.app, 'leader')
  })
  afterAll(() => server.close())

  const proofread = (text: unknown, headers = inspector) => server.app.inject({ method: 'POST', url: '/api/v1/proofread', headers, payload: { text } })
  const wrongs = async (text: string) => ((await proofread(text)).json().hits as { wrong: string }[]).map((h) => h.wrong)

  it('finds the commonest errors in typed text, each with its place, right form and reason', async () => {
    const res = await proofread('付市长指出，截止目前已按装设备，要在接再厉。')
    expect(res.statusCode).toBe(200)
    const hits = res.json().hits as { start: number; end: number; wrong: string; right: string; reason: string; category: string }[]
    expect(hits.map((h) => [h.start, h.end, h.wrong, h.right, h.category])).toEqual([
      [0, 3, '付市长', '副市长', '职务'],
      [6, 10, '截止目前', '截至目前', '惯用语'],
      [11, 13, '按装', '安装', '同音字'],
      [17, 21, '在接再厉', '再接再厉', '成语']
    ])
    expect(hits[0]?.reason).toBe('职务（同音）：付→副，见『副市长』')
    expect(await wrongs('市政府召开常务会议，研究部署高质量发展工作。')).toEqual([])
  })

  it('refuses what is not text, or too much of it, and changes nothing', async () => {
    for (const text of [12, null, 'x'.repeat(20001)]) {
      const res = await proofread(text)
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('PROOFREAD_TEXT_INVALID')
    }
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/proofread', payload: { text: '按装' } })).statusCode).toBe(401)
  })

  it('the admin keeps the leaders\' table; a name beside a title it does not hold is then a hit', async () => {
    expect(await wrongs('市长王建国出席会议。')).toEqual([])
    const added = await server.app.inject({ method: 'POST', url: '/api/v1/leaders', headers: admin, payload: { name: ' 王建国 ', title: '市委常委、常务副市长', since: '2024-03-01' } })
    expect(added.statusCode).toBe(201)
    expect(added.json()).toMatchObject({ name: '王建国', title: '市委常委、常务副市长', since: '2024-03-01' })
    const id = added.json().id as string
    const hits = (await proofread('市长王建国出席会议，常务副市长王建国讲话。')).json().hits as { wrong: string; right: string; reason: string }[]
    expect(hits.map((h) => [h.wrong, h.right])).toEqual([['市长王建国', '常务副市长王建国']])
    expect(hits[0]?.reason).toBe('职务：王建国现任市委常委、常务副市长（2024年3月起）')

    // Promoted: the table changes and so does the check.
    const changed = await server.app.inject({ method: 'PUT', url: `/api/v1/leaders/${id}`, headers: admin, payload: { name: '王建国', title: '市长', since: '2024-06-01' } })
    expect(changed.statusCode).toBe(200)
    expect(await wrongs('市长王建国出席会议。')).toEqual([])
    expect(await wrongs('副市长王建国出席会议。')).toEqual(['副市长王建国'])

    // Leaders read the table; inspectors do not (a district admin may not change it: the authorization matrix).
    expect((await server.app.inject({ url: '/api/v1/leaders', headers: leader })).json().items).toEqual([expect.objectContaining({ id, name: '王建国', title: '市长', since: '2024-06-01' })])
    expect((await server.app.inject({ url: '/api/v1/leaders', headers: inspector })).statusCode).toBe(403)

    // Bad input: a clear code, nothing stored.
    const bad = [
      { name: 'Wang', title: '市长', since: '2024-01-01' },
      { name: '李红梅', title: '长', since: '2024-01-01' },
      { name: '李红梅', title: '区长', since: '2024-02-30' },
      { name: '李红梅', title: '区长', since: '2999-01-01' }
    ]
    for (const payload of bad) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/leaders', headers: admin, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('LEADER_INVALID')
    }
    const twice = await server.app.inject({ method: 'POST', url: '/api/v1/leaders', headers: admin, payload: { name: '王建国', title: '副市长', since: '2024-01-01' } })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('LEADER_EXISTS')
    expect((await server.app.inject({ url: '/api/v1/leaders', headers: admin })).json().items).toHaveLength(1)

    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/leaders/${id}`, headers: admin })).json()).toEqual({ ok: true })
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/leaders/${id}`, headers: admin })).statusCode).toBe(404)
    expect(await wrongs('副市长王建国出席会议。')).toEqual([])
    const audit = (await server.app.inject({ url: '/api/v1/audit?entity=leader', headers: admin })).json().items as { summary: string }[]
    expect(audit.map((a) => a.summary)).toEqual([
      expect.stringContaining('从领导职务表中删除「王建国」'),
      expect.stringContaining('将领导职务表中「王建国」改为「市长」（2024-06-01起）'),
      expect.stringContaining('在领导职务表中加入「王建国」（市委常委、常务副市长）')
    ])
  })

  it('the office\'s own entries come first, and the shipped lexicon is listed with its categories', async () => {
    await server.app.inject({ method: 'POST', url: '/api/v1/wording-terms', headers: admin, payload: { wrong: '东港真', right: '东港镇', source: '《锡山区行政区划》' } })
    const hits = (await proofread('东港真开展活动。')).json().hits as { category: string; kind: string }[]
    expect(hits).toEqual([expect.objectContaining({ category: '本单位错敏词库', kind: 'office', right: '东港镇' })])
    const items = (await server.app.inject({ url: '/api/v1/wording-terms', headers: inspector })).json().items as { category: string; shipped: boolean }[]
    expect(items.filter((i) => i.shipped).length).toBeGreaterThanOrEqual(1500)
    expect(new Set(items.filter((i) => i.shipped).map((i) => i.category)).size).toBe(8)
  })
})
