import { multipart, nationalAnswers, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/** The leader's summary: figures from the data, folded in the caller's scope, with the trend. */

describe.each(dialects)('the round statistics (%s)', (dialect) => {
  let server: TestServer
  let leader: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    leader = await login(server.app, 'leader')
  })
  afterAll(() => server.close())

  const stats = async (roundId: string, headers = leader) => server.app.inject({ url: `/api/v1/rounds/${roundId}/stats`, headers })

  it('gives the demo round’s figures: 425 = 112 + 313, 299/63/4/59, 99.3 %, the three failures by category and unit', async () => {
    const res = await stats('r-2024q2')
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s).toMatchObject({
      round: { id: 'r-2024q2', name: '2024年第二季度', state: 'open', deadline: '2024-07-19' },
      at: '2024-07-10T02:00:00.000Z',
      registered: 425,
      byHostLevel: { city: 112, local: 313 },
      byPlatform: { wechat: 299, weibo: 63, app: 4, other: 59 },
      inspected: 425,
      passed: 422,
      failed: 3,
      passRate: 99.3
    })
    // Each platform by its own name, in the fixed order: the 59 「其他」 are Douyin, Toutiao … accounts.
    expect(s.passByPlatform.map((r: { key: string; failed: number; passRate: number }) => [r.key, r.failed, r.passRate])).toEqual([
      ['wechat', 3, 99],
      ['weibo', 0, 100],
      ['douyin', 0, 100],
      ['kuaishou', 0, 100],
      ['toutiao', 0, 100],
      ['channels', 0, 100],
      ['app', 0, 100],
      ['xiaohongshu', 0, 100]
    ])
    expect(s.byKind.filter((k: { group: string }) => k.group === 'other').reduce((n: number, k: { count: number }) => n + k.count, 0)).toBe(59)
    expect(s.passByPlatform.reduce((n: number, r: { registered: number }) => n + r.registered, 0)).toBe(425)
    expect(s.passByHostLevel).toEqual([
      { key: 'city', label: '市级', registered: 112, inspected: 112, failed: 1, passRate: 99.1 },
      { key: 'local', label: '县区及以下', registered: 313, inspected: 313, failed: 2, passRate: 99.4 }
    ])
    // Units with failures first; every account counted once.
    expect(s.passByUnit.slice(0, 3).map((r: { label: string; failed: number }) => [r.label, r.failed])).toEqual([
      ['经开区人民政府', 1],
      ['无锡市卫生健康委员会', 1],
      ['锡山区人民政府', 1]
    ])
    expect(s.passByUnit.reduce((n: number, r: { registered: number }) => n + r.registered, 0)).toBe(425)
    expect(s.passByUnit[1]).toEqual({ key: 'd-city-wjw', label: '无锡市卫生健康委员会', registered: 3, inspected: 3, failed: 1, passRate: 66.7 })
    expect(s.vetoByCategory).toEqual([
      { category: '安全', accounts: 1 },
      { category: '内容更新', accounts: 1 },
      { category: '互动回应', accounts: 1 }
    ])
    expect(s.failuresByIndicator.map((f: { code: string; accounts: number }) => `${f.code}:${f.accounts}`)).toEqual(['INT-1:1', 'SEC-1:1', 'UPD-1:1'])
    expect(s.rectification).toMatchObject({ open: 3, submitted: 0, verified: 0, overdue: 0, total: 3 })
    expect(s.unitsByOpen.map((u: { department: { id: string } }) => u.department.id).sort()).toEqual(['d-city-wjw', 'd-jk', 'd-xs'])
    expect(s.trend).toEqual([{ roundId: 'r-2024q2', name: '2024年第二季度', inspected: 425, failed: 3, passRate: 99.3 }])
  })

  it('gives a district leader the district’s figures only', async () => {
    const admin = await login(server.app, 'admin')
    const person = (await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '锡山领导', role: 'leader', departmentId: 'd-xs' } })).json()
    await server.deps.db.updateTable('users').set({ username: 'leader-xs-stats' }).where('id', '=', person.id).execute()
    const s = (await stats('r-2024q2', await login(server.app, 'leader-xs-stats'))).json()
    expect(s).toMatchObject({ registered: 50, inspected: 50, failed: 1, passRate: 98 })
    expect(s.byHostLevel).toEqual({ city: 0, local: 50 })
    expect(s.passByUnit.map((r: { key: string }) => r.key)).toEqual(['d-xs'])
    expect(s.failuresByIndicator).toHaveLength(1)
    expect(s.vetoByCategory.reduce((n: number, c: { accounts: number }) => n + c.accounts, 0)).toBe(1)
    expect(s.unitsByOpen.map((u: { department: { id: string } }) => u.department.id)).toEqual(['d-xs'])
    expect(s.trend).toEqual([{ roundId: 'r-2024q2', name: '2024年第二季度', inspected: 50, failed: 1, passRate: 98 }])
  })

  it('counts a later round from its own data and adds it to the trend', async () => {
    const admin = await login(server.app, 'admin')
    server.deps.now = () => new Date('2024-08-01T02:00:00Z')
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/rounds',
      headers: admin,
      payload: { name: '2024年第三季度', catalogId: 'national-2019@1', checkpoints: ['2024-08-10'], deadline: '2024-10-18', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'all' } }
    })
    const round = created.json()
    await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: admin, payload: {} })
    expect((await stats(round.id)).json()).toMatchObject({ registered: round.accounts, inspected: 0, failed: 0, passRate: null })
    const accounts = (await server.app.inject({ url: `/api/v1/rounds/${round.id}/accounts?pageSize=4`, headers: admin })).json().items as { id: string }[]
    const upload = multipart(await png(83))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...upload.headers }, payload: upload.payload })).json().sha256 as string
    for (const [i, a] of accounts.entries()) {
      // The first account has not posted for two months: 内容更新 fails.
      const answers = i === 0 ? nationalAnswers('2024-06-01', { 'UPD-1': { note: '两个月未更新', evidence: [shot] } }) : nationalAnswers('2024-08-05')
      const res = await server.app.inject({ method: 'PUT', url: `/api/v1/inspections/c-stats-${i}`, headers: admin, payload: { roundId: round.id, checkpointId: `${round.id}-cp1`, accountId: a.id, answers } })
      expect(res.statusCode).toBe(201)
    }
    const s = (await stats(round.id)).json()
    expect(s).toMatchObject({ inspected: 4, passed: 3, failed: 1, passRate: 75 })
    expect(s.failuresByIndicator.map((f: { code: string; accounts: number }) => `${f.code}:${f.accounts}`)).toEqual(['UPD-1:1'])
    expect(s.vetoByCategory.find((c: { category: string }) => c.category === '内容更新')).toEqual({ category: '内容更新', accounts: 1 })
    expect(s.trend.map((t: { name: string; passRate: number }) => [t.name, t.passRate])).toEqual([
      ['2024年第二季度', 99.3],
      ['2024年第三季度', 75]
    ])
    // The earlier round's trend does not look ahead.
    expect((await stats('r-2024q2')).json().trend).toHaveLength(1)
    // Once closed, a round's point is the same on every read (it is kept, not recounted).
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/rounds/r-2024q2/close', headers: admin, payload: {} })).statusCode).toBe(200)
    for (let n = 0; n < 2; n++) expect((await stats(round.id)).json().trend.map((t: { passRate: number; inspected: number }) => [t.inspected, t.passRate])).toEqual([[425, 99.3], [4, 75]])
  })

  it('counts a round afresh until it closes, then keeps its closed figures in the trend', async () => {
    // Four months on (sessions of July have expired); the clock goes back after, for the tests below.
    const before = server.deps.now
    try {
      server.deps.now = () => new Date('2024-11-01T02:00:00Z')
      const admin = await login(server.app, 'admin')
      const create = async (name: string, at: string) => {
        server.deps.now = () => new Date(at)
        const res = await server.app.inject({
          method: 'POST',
          url: '/api/v1/rounds',
          headers: admin,
          payload: { name, catalogId: 'national-2019@1', checkpoints: ['2024-11-10'], deadline: '2024-12-18', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'all' } }
        })
        const round = res.json() as { id: string }
        expect((await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: admin, payload: {} })).statusCode).toBe(200)
        return round.id
      }
      const earlier = await create('2024年第四季度', '2024-11-01T02:00:00Z')
      const later = await create('2024年第四季度复查', '2024-11-02T02:00:00Z')
      const pointOf = async (id: string) => ((await stats(later, admin)).json().trend as { roundId: string; inspected: number; failed: number }[]).find((t) => t.roundId === id)
      // Read while the earlier round is open and empty…
      expect(await pointOf(earlier)).toMatchObject({ inspected: 0, failed: 0 })
      // …then one account is inspected and the round closes: the trend shows the closed round's real figures.
      const [account] = (await server.app.inject({ url: `/api/v1/rounds/${earlier}/accounts?pageSize=1`, headers: admin })).json().items as { id: string }[]
      const put = await server.app.inject({
        method: 'PUT',
        url: '/api/v1/inspections/c-stats-closing',
        headers: admin,
        payload: { roundId: earlier, checkpointId: `${earlier}-cp1`, accountId: account?.id, answers: nationalAnswers('2024-11-05') }
      })
      expect(put.statusCode).toBe(201)
      expect((await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${earlier}/close`, headers: admin, payload: {} })).statusCode).toBe(200)
      expect(await pointOf(earlier)).toMatchObject({ inspected: 1, failed: 0, passRate: 100 })
      // A closed round's figures are kept, not counted again on every read: a change behind the
      // service's back (a closed round's inspections cannot change through the API) does not show.
      await server.deps.db.updateTable('round_accounts').set({ verdict: 'fail' }).where('round_id', '=', earlier).where('verdict', '=', 'pass').execute()
      expect(await pointOf(earlier)).toMatchObject({ inspected: 1, failed: 0, passRate: 100 })
    } finally {
      server.deps.now = before
    }
  })

  it('is for leaders and admins, about a round that exists', async () => {
    expect((await stats('r-2024q2', await login(server.app, 'inspector'))).statusCode).toBe(403)
    expect((await stats('r-2024q2', await login(server.app, 'liaison-wjw'))).statusCode).toBe(403)
    expect((await stats('r-none')).json().error.code).toBe('NOT_FOUND')
    expect((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/stats' })).statusCode).toBe(401)
  })
})

describe.each(dialects)('the round statistics after a re-inspection (%s)', (dialect) => {
  it('follows a re-inspection: an account whose every current result passes leaves the failures, and comes back when it fails again', async () => {
    // A server of its own: the other cases close the demo round.
    const server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    const leader = await login(server.app, 'leader')
    const stats = async (roundId: string) => server.app.inject({ url: `/api/v1/rounds/${roundId}/stats`, headers: leader })
    const admin = await login(server.app, 'admin')
    const failing = await server.deps.db
      .selectFrom('inspections')
      .innerJoin('accounts', 'accounts.id', 'inspections.account_id')
      .select(['inspections.account_id', 'inspections.checkpoint_id'])
      .where('accounts.name', '=', '锡山发改')
      .where('inspections.round_id', '=', 'r-2024q2')
      .where('inspections.is_current', '=', 1)
      .where('inspections.verdict', '=', 'fail')
      .execute()
    expect(failing.length).toBeGreaterThan(0)
    const body = multipart(await png(77))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...body.headers }, payload: body.payload })).json().sha256
    const latest: Record<string, string> = { 'cp-2024q2-1': '2024-05-08', 'cp-2024q2-2': '2024-06-22' }
    const put = async (n: number, verdict: 'pass' | 'fail') => {
      for (const [k, f] of failing.entries()) {
        const answers = nationalAnswers(latest[f.checkpoint_id] as string, verdict === 'fail' ? { 'SEC-1': { result: 'fail', note: '错别字', evidence: [shot] } } : {})
        const res = await server.app.inject({ method: 'PUT', url: `/api/v1/inspections/c-stats-re-${n}-${k}`, headers: admin, payload: { roundId: 'r-2024q2', checkpointId: f.checkpoint_id, accountId: f.account_id, answers } })
        expect([res.statusCode, res.json().error?.code]).toEqual([201, undefined])
      }
    }
    const before = (await stats('r-2024q2')).json()
    await put(1, 'pass')
    expect((await stats('r-2024q2')).json()).toMatchObject({ inspected: before.inspected, failed: before.failed - 1 })
    await put(2, 'fail')
    expect((await stats('r-2024q2')).json()).toMatchObject({ inspected: before.inspected, failed: before.failed })
    await server.close()
  })
})
