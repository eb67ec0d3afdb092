import { dialects, login, startServer, type TestServer } from './harness'

describe.each(dialects)('the demo round on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(async () => {
    await server.close()
  })

  it('answers health without a login', async () => {
    const res = await server.app.inject({ url: '/api/v1/health' })
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('reproduces the Wuxi Q2 2024 circular: 425 accounts, 112/313, 299/63/4/59, 422 pass, 99.3%', async () => {
    const headers = await login(server.app, 'leader')
    const res = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/summary', headers })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({
      registered: 425,
      byHostLevel: { city: 112, local: 313 },
      byPlatform: { wechat: 299, weibo: 63, app: 4, other: 59 },
      inspected: 425,
      passed: 422,
      failed: 3,
      passRate: 99.3
    })
    // Every breakdown adds up to its whole: the kinds to 425, the kinds inside 其他 to 59.
    const sum = (items: { count: number }[]) => items.reduce((n, k) => n + k.count, 0)
    expect(sum(body.byKind)).toBe(425)
    expect(sum(body.byKind.filter((k: { group: string }) => k.group === 'other'))).toBe(59)
    expect(body.byKind.map((k: { label: string }) => k.label)).toEqual(['微信公众号', '微博', '抖音', '快手', '今日头条', '视频号', '移动客户端', '小红书'])
    // Both checkpoints were done for every account.
    expect(body.checkpoints.map((c: { seq: number; inspected: number }) => [c.seq, c.inspected])).toEqual([
      [1, 425],
      [2, 425]
    ])
  })

  it('draws the chat card of the summary: 500 × 400, the ring in green for 99.3 %, for leaders and admins only', async () => {
    const sharp = (await import('sharp')).default
    const res = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/share-card.png', headers: await login(server.app, 'leader') })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    const { data, info } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([500, 400])
    // The ring's stroke at its left (9 o'clock) is the pass colour; the header band is the app's blue.
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)]
    expect(at(130 - 78, 238)).toEqual([0x1f, 0x9d, 0x55])
    expect(at(480, 10)).toEqual([0x1d, 0x4f, 0xb8])
    expect((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/share-card.png', headers: await login(server.app, 'liaison-wjw') })).statusCode).toBe(403)
  })

  it('lists the round with its two checkpoints and deadline', async () => {
    const headers = await login(server.app, 'inspector')
    const res = await server.app.inject({ url: '/api/v1/rounds', headers })
    expect(res.json()).toMatchObject({
      items: [
        {
          id: 'r-2024q2',
          name: '2024年第二季度',
          deadline: '2024-07-19',
          state: 'open',
          checkpoints: [
            { seq: 1, date: '2024-05-10' },
            { seq: 2, date: '2024-06-25' }
          ]
        }
      ],
      page: 1,
      total: 1
    })
  })

  it('puts the three named problem accounts in the issue lists of their departments', async () => {
    const headers = await login(server.app, 'admin')
    const expectations = [
      ['d-xs-fgj', '锡山发改', 'UPD-1'],
      ['d-jk-zhzf', '经开综合执法', 'SEC-1'],
      ['d-city-wjw', '健康无锡', 'INT-1']
    ]
    for (const [department, account, indicator] of expectations) {
      const res = await server.app.inject({ url: `/api/v1/departments/${department}/issues?roundId=r-2024q2`, headers })
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.total).toBe(1)
      expect(body.items[0]).toMatchObject({ account: { name: account }, indicator: { code: indicator }, status: 'open', round: { deadline: '2024-07-19' } })
      expect(body.items[0].evidence).toHaveLength(1)
    }
  })

  it('lists demo users of every role', async () => {
    const res = await server.app.inject({ url: '/api/v1/auth/demo-users' })
    const roles = new Set(res.json<{ items: { role: string }[] }>().items.map((u) => u.role))
    expect([...roles].sort()).toEqual(['admin', 'inspector', 'leader', 'liaison'])
  })
})

describe.each(dialects)('the round-wide issue list on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(async () => {
    await server.close()
  })

  it('shows the office all three issues and a liaison only their own', async () => {
    const admin = await login(server.app, 'admin')
    const all = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues', headers: admin })).json()
    expect(all.items.map((i: { account: { name: string } }) => i.account.name).sort()).toEqual(['健康无锡', '经开综合执法', '锡山发改'].sort())
    const liaison = await login(server.app, 'liaison-wjw')
    const own = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues', headers: liaison })).json()
    expect(own.items.map((i: { account: { name: string } }) => i.account.name)).toEqual(['健康无锡'])
    const missing = await server.app.inject({ url: '/api/v1/rounds/nope/issues', headers: admin })
    expect(missing.json().error.code).toBe('NOT_FOUND')
  })
})
