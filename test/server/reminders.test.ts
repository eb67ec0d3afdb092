import { multipart, png } from './fixtures'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { createWeChatClient } from '../../server/notify/wechat'
import { runDeadlineReminders, type ReminderConfig } from '../../server/services/reminders'
import { dialects, login, startServer, type TestServer } from './harness'

/** A local stand-in for api.weixin.qq.com: tokens, subscribe sends, and errors on demand. */
async function fakeWeChat() {
  const sent: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }[] = []
  const state = { tokens: 0, expireNext: false, failNext: 0 as number }
  const app: FastifyInstance = Fastify()
  app.get('/cgi-bin/token', async (req) => {
    const q = req.query as Record<string, string>
    if (q.appid !== 'wx-test' || q.secret !== 'secret') return { errcode: 40013, errmsg: 'invalid appid' }
    state.tokens += 1
    return { access_token: `token-${state.tokens}`, expires_in: 7200 }
  })
  app.post('/cgi-bin/message/subscribe/send', async (req) => {
    const q = req.query as Record<string, string>
    if (state.expireNext) {
      state.expireNext = false
      return { errcode: 42001, errmsg: 'access_token expired' }
    }
    if (q.access_token !== `token-${state.tokens}`) return { errcode: 40001, errmsg: 'invalid credential' }
    if (state.failNext) {
      state.failNext = 0
      return { errcode: -1, errmsg: 'system error' }
    }
    sent.push(req.body as never)
    return { errcode: 0, errmsg: 'ok' }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { app, sent, state, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }
}

describe.each(dialects)('WeChat reminders on %s', (dialect) => {
  let server: TestServer
  let wechat: Awaited<ReturnType<typeof fakeWeChat>>
  let config: ReminderConfig
  let now: Date

  beforeEach(async () => {
    server = await startServer(dialect)
    wechat = await fakeWeChat()
    config = {
      client: createWeChatClient({ appId: 'wx-test', secret: 'secret', baseUrl: wechat.base }),
      daysBefore: 3,
      templates: { deadline: 'TPL-DEADLINE', returned: 'TPL-RETURNED' }
    }
    now = new Date('2024-07-10T02:00:00Z')
    server.deps.now = () => now
    server.deps.reminders = config
    await server.app.close()
    server.app = await buildApp({ deps: server.deps, demo: true })
  })
  afterEach(async () => {
    await wechat.app.close()
    await server.close()
  })

  const subscribe = async (username: string, kinds: string[]) =>
    (await server.app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: await login(server.app, username), payload: { kinds } })).json()

  it('tells the app which templates to offer (GET /me reminders), and no templates when none are configured', async () => {
    const me = async () => (await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: await login(server.app, 'liaison-wjw') })).json<{ reminders: unknown }>()
    expect((await me()).reminders).toEqual({ deadline: 'TPL-DEADLINE', returned: 'TPL-RETURNED' })
    server.deps.reminders = undefined
    expect((await me()).reminders).toBeNull()
  })

  it('reminds the subscribed liaison once, three days before the deadline', async () => {
    expect(await subscribe('liaison-wjw', ['deadline', 'deadline'])).toEqual({ remaining: { deadline: 2, returned: 0 } })
    expect(await runDeadlineReminders(server.deps, config)).toMatchObject({ sent: 0 })
    // The edge: 23:59:59.999 on 15 July in Shanghai is four days before the deadline; midnight is three.
    now = new Date('2024-07-15T15:59:59.999Z')
    expect(await runDeadlineReminders(server.deps, config)).toMatchObject({ sent: 0, refused: 0 })
    now = new Date('2024-07-15T16:00:00.000Z') // 2024-07-16 00:00 in Shanghai: three days left
    const first = await runDeadlineReminders(server.deps, config)
    expect(wechat.sent.map((m) => [m.touser, m.template_id, m.page])).toEqual([['o-demo-liaison-wjw', 'TPL-DEADLINE', expect.stringContaining('packages/issues/pages/detail/index?id=')]])
    expect(wechat.sent[0]?.data.thing4?.value).toBe('还剩 3 天，请及时反馈')
    // 锡山发改's liaison (of 锡山区, above 锡山发改委) has no subscription: recorded, not messaged.
    expect(first).toEqual({ sent: 1, refused: 1, failed: 0, skipped: 0 })
    now = new Date('2024-07-17T01:00:00Z')
    expect(await runDeadlineReminders(server.deps, config)).toEqual({ sent: 0, refused: 0, failed: 0, skipped: 2 })
    expect(wechat.sent).toHaveLength(1)
    // What was sent is on the audit trail, by the system; refusals are not sends.
    const audited = await server.deps.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'reminder.sent').execute()
    expect(audited).toEqual([{ action: 'reminder.sent', actor_name: '系统' }])
  })

  it('refreshes an expired access token and retries a failed send on the next run', async () => {
    await subscribe('liaison-wjw', ['deadline'])
    now = new Date('2024-07-18T01:00:00Z')
    wechat.state.failNext = 1
    expect(await runDeadlineReminders(server.deps, config)).toMatchObject({ sent: 0, failed: 1 })
    wechat.state.expireNext = true
    expect(await runDeadlineReminders(server.deps, config)).toMatchObject({ sent: 1 })
    expect(wechat.state.tokens).toBe(2)
    expect(wechat.sent).toHaveLength(1)
  })

  it('tells the liaison when an answer is returned, once per return', async () => {
    await subscribe('liaison-wjw', ['returned'])
    const liaison = await login(server.app, 'liaison-wjw')
    const inspector = await login(server.app, 'inspector')
    const issueId = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0].id
    const upload = multipart(await png(62))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...upload.headers }, payload: upload.payload })).json().sha256
    await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-rem-0001`, headers: liaison, payload: { note: '已整改', evidence: [shot] } })
    const review = { method: 'PUT' as const, url: `/api/v1/issues/${issueId}/reviews/rev-rem-0001`, headers: inspector, payload: { decision: 'return', reason: '截图不清晰，请重新截图' } }
    expect((await server.app.inject(review)).json().status).toBe('returned')
    await server.app.inject(review)
    expect(wechat.sent.map((m) => [m.template_id, m.data.thing3?.value])).toEqual([['TPL-RETURNED', '截图不清晰，请重新截图']])
  })

  it('answers a clear error when the server has no WeChat app configured', async () => {
    server.deps.reminders = undefined
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/reminders/run', headers: await login(server.app, 'admin') })
    expect(res.json().error.code).toBe('REMINDERS_NOT_CONFIGURED')
  })
})
