import { multipart, nationalAnswers, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Repeat offenders across three rounds built here on the demo registry: the demo's second quarter
 * (健康无锡, 锡山发改 and 经开综合执法 fail), a third quarter and a fourth. Computed from the data and
 * marked on the inspector's list, the issues, the leader's summary and the circular.
 */

const Q2 = 'r-2024q2'
const HEALTH = 'a-c002' // 健康无锡 (微信公众号), 无锡市卫生健康委员会: INT-1 in Q2

describe.each(dialects)('repeat offenders (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  let shot: string
  const rounds: Record<'q3' | 'q4', string> = { q3: '', q4: '' }
  const ids: Record<string, string> = {}
  let seq = 0

  const newRound = async (name: string, checkpoint: string, deadline: string) => {
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/rounds', headers: admin, payload: { name, catalogId: 'national-2019@1', checkpoints: [checkpoint], deadline, contactName: '李华', contactPhone: '0510-12345678', scope: { kind: 'all' } } })
    expect(created.statusCode).toBe(201)
    const round = created.json()
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: admin, payload: {} })).statusCode).toBe(200)
    return round.id as string
  }
  const inspect = async (roundId: string, accountId: string, latestPost: string, fail: string | null) => {
    const answers = nationalAnswers(latestPost, fail ? { [fail]: { result: 'fail', note: '本次检查再次发现', evidence: [shot] } } : {})
    const res = await server.app.inject({ method: 'PUT', url: `/api/v1/inspections/c-repeat-${++seq}`, headers: admin, payload: { roundId, checkpointId: `${roundId}-cp1`, accountId, answers } })
    expect(res.statusCode).toBe(201)
  }

  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-12T02:00:00Z')
    admin = await login(server.app, 'admin')
    const upload = multipart(await png(71))
    shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...upload.headers }, payload: upload.payload })).json().sha256
    const find = async (name: string) => {
      const items = (await server.app.inject({ url: `/api/v1/rounds/${Q2}/accounts?q=${encodeURIComponent(name)}&status=failed`, headers: admin })).json().items as { id: string; name: string }[]
      return items.find((a) => a.name === name)?.id as string
    }
    ids.xishan = await find('锡山发改')
    ids.jk = await find('经开综合执法')
    ids.health = HEALTH
    expect(ids.xishan && ids.jk).toBeTruthy()
    // Q2: 健康无锡's INT-1 answered and confirmed rectified.
    const liaison = await login(server.app, 'liaison-wjw')
    const issue = (await server.app.inject({ url: `/api/v1/departments/d-city-wjw/issues?roundId=${Q2}`, headers: liaison })).json().items[0]
    expect(issue.indicator.code).toBe('INT-1')
    const proof = multipart(await png(72))
    const fixed = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...proof.headers }, payload: proof.payload })).json().sha256
    expect((await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/answers/ans-repeat-1`, headers: liaison, payload: { note: '已恢复在线咨询', evidence: [fixed] } })).statusCode).toBe(200)
    expect((await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/reviews/rev-repeat-1`, headers: await login(server.app, 'inspector'), payload: { decision: 'verify', reason: '' } })).statusCode).toBe(200)

    // Sessions last 30 days: sign in again after each jump of the clock.
    server.deps.now = () => new Date('2024-09-12T02:00:00Z')
    admin = await login(server.app, 'admin')
    rounds.q3 = await newRound('2024年第三季度', '2024-09-10', '2024-10-18')
    await inspect(rounds.q3, ids.health, '2024-09-05', null)
    await inspect(rounds.q3, ids.xishan, '2024-09-05', 'SEC-1')
    await inspect(rounds.q3, ids.jk, '2024-09-05', 'SEC-1')

    server.deps.now = () => new Date('2024-12-12T02:00:00Z')
    admin = await login(server.app, 'admin')
    rounds.q4 = await newRound('2024年第四季度', '2024-12-10', '2025-01-17')
    await inspect(rounds.q4, ids.health, '2024-12-05', 'INT-1')
    await inspect(rounds.q4, ids.xishan, '2024-12-05', 'INT-1')
    await inspect(rounds.q4, ids.jk, '2024-12-05', null)
  })
  afterAll(() => server.close())

  const repeatList = async (roundId: string) =>
    ((await server.app.inject({ url: `/api/v1/rounds/${roundId}/accounts?status=repeat&pageSize=100`, headers: admin })).json().items as { id: string; name: string; repeat: unknown }[]).map((a) => [a.name, a.repeat])

  it('marks two failing rounds in a row on the inspector’s list, and only the repeat offenders under 屡查屡犯', async () => {
    expect((await repeatList(rounds.q3)).sort()).toEqual(
      [
        ['经开综合执法', { consecutive: true, previousRound: '2024年第二季度', relapsed: [] }],
        ['锡山发改', { consecutive: true, previousRound: '2024年第二季度', relapsed: [] }]
      ].sort()
    )
    // 经开 passed in Q4; 健康无锡 passed in Q3, then failed the item Q2 confirmed rectified.
    expect((await repeatList(rounds.q4)).sort()).toEqual(
      [
        ['健康无锡', { consecutive: false, previousRound: null, relapsed: ['INT-1'] }],
        ['锡山发改', { consecutive: true, previousRound: '2024年第三季度', relapsed: [] }]
      ].sort()
    )
    const all = (await server.app.inject({ url: `/api/v1/rounds/${rounds.q4}/accounts?pageSize=100&q=${encodeURIComponent('经开综合执法')}`, headers: admin })).json().items
    expect(all[0].repeat).toBeNull()
  })

  it('marks the issues, counts them on the leader’s summary and lists each round’s result on the account', async () => {
    const issues = (await server.app.inject({ url: `/api/v1/rounds/${rounds.q4}/issues?pageSize=100`, headers: admin })).json().items as { account: { name: string }; repeat: { consecutive: boolean } | null }[]
    expect(issues.map((i) => [i.account.name, i.repeat !== null]).sort()).toEqual([['健康无锡', true], ['锡山发改', true]])
    const stats = (await server.app.inject({ url: `/api/v1/rounds/${rounds.q4}/stats`, headers: await login(server.app, 'leader') })).json()
    expect(stats.repeatOffenders).toBe(2)
    expect((await server.app.inject({ url: `/api/v1/rounds/${Q2}/stats`, headers: admin })).json().repeatOffenders).toBe(0)
    const detail = (await server.app.inject({ url: `/api/v1/rounds/${rounds.q4}/accounts/${HEALTH}`, headers: admin })).json()
    expect(detail.rounds.map((r: { roundName: string; verdict: string }) => `${r.roundName} ${r.verdict}`)).toEqual(['2024年第二季度 fail', '2024年第三季度 pass', '2024年第四季度 fail'])
    // The registry's page of the account lists the same, with what was confirmed rectified.
    const registry = (await server.app.inject({ url: `/api/v1/registry/accounts/${HEALTH}`, headers: admin })).json()
    expect(registry.rounds.map((r: { roundName: string; verdict: string; verifiedCodes: string[] }) => `${r.roundName} ${r.verdict} ${r.verifiedCodes.join(',')}`)).toEqual(['2024年第二季度 fail INT-1', '2024年第三季度 pass ', '2024年第四季度 fail '])
  })

  it('names them in the circular’s 存在问题', async () => {
    const view = (await server.app.inject({ url: `/api/v1/rounds/${rounds.q4}/circular`, headers: admin })).json()
    const problems = view.preview.sections.find((s: { heading: string }) => s.heading === '三、存在问题').paragraphs.map((p: { text: string }) => p.text)
    expect(problems[0]).toBe('检查发现，2个政务新媒体存在问题。其中，锡山区发展和改革局「锡山发改」（微信公众号）连续两次检查不合格；无锡市卫生健康委员会「健康无锡」（微信公众号）整改后再次出现同类问题。具体如下：')
    const q2 = (await server.app.inject({ url: `/api/v1/rounds/${Q2}/circular`, headers: admin })).json()
    expect(q2.preview.sections[2].paragraphs[0].text).toBe('检查发现，3个政务新媒体存在以下问题：')
  })
})
