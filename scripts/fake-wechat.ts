import Fastify from 'fastify'

/**
 * A local stand-in for WeChat's code2session (`GET /sns/jscode2session`), for tests and for trying
 * sign-in on a machine without WeChat. Any login code `code-<anything>` belongs to the WeChat user
 * `o-<anything>`; a few codes answer WeChat's errors: `bad` → 40029, `busy-once` → -1 then ok,
 * `limit` → 45011. Appid `wx-dev`, secret `dev-secret`.
 * The phone button too: `GET /cgi-bin/token` hands out an access token, and
 * `POST /wxa/business/getuserphonenumber` turns the code `phone-<11 digits>` into that number
 * (any other code → 40029; a stale access token → 40001).
 *
 *   npx tsx scripts/fake-wechat.ts [port]      (default 4001)
 */
export const FAKE_APPID = 'wx-dev'
export const FAKE_SECRET = 'dev-secret'

export async function startFakeWeChat(port = 0): Promise<{ base: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = []
  const busy = new Set<string>()
  const app = Fastify()
  app.get('/sns/jscode2session', async (request) => {
    const q = request.query as Record<string, string>
    calls.push(q.js_code ?? '')
    if (q.appid !== FAKE_APPID || q.secret !== FAKE_SECRET || q.grant_type !== 'authorization_code') return { errcode: 40013, errmsg: 'invalid appid' }
    const code = q.js_code ?? ''
    if (code === 'bad') return { errcode: 40029, errmsg: 'invalid code' }
    if (code === 'limit') return { errcode: 45011, errmsg: 'api minute-quota reach limit' }
    if (code.startsWith('busy-once') && !busy.has(code)) {
      busy.add(code)
      return { errcode: -1, errmsg: 'system error' }
    }
    if (!code.startsWith('code-') && !code.startsWith('busy-once')) return { errcode: 40029, errmsg: 'invalid code' }
    return { openid: `o-${code.replace(/^(code|busy-once)-?/, '')}`, session_key: 'not-for-the-client', unionid: undefined }
  })
  let tokens = 0
  const valid = new Set<string>()
  app.get('/cgi-bin/token', async (request) => {
    const q = request.query as Record<string, string>
    calls.push('token')
    if (q.appid !== FAKE_APPID || q.secret !== FAKE_SECRET || q.grant_type !== 'client_credential') return { errcode: 40013, errmsg: 'invalid appid' }
    const value = `at-${++tokens}`
    valid.add(value)
    return { access_token: value, expires_in: 7200 }
  })
  app.post('/wxa/business/getuserphonenumber', async (request) => {
    const q = request.query as Record<string, string>
    const code = String((request.body as { code?: unknown } | null)?.code ?? '')
    calls.push(`phone ${code}`)
    if (!valid.has(q.access_token ?? '')) return { errcode: 40001, errmsg: 'invalid credential' }
    const m = /^phone-(1\d{10})$/.exec(code)
    if (!m) return { errcode: 40029, errmsg: 'invalid code' }
    return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86', watermark: { timestamp: 0, appid: FAKE_APPID } } }
  })
  await app.listen({ port, host: '127.0.0.1' })
  const address = app.server.address()
  return { base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`, calls, close: () => app.close() }
}

if (require.main === module) {
  void startFakeWeChat(Number(process.argv[2] ?? 4001)).then(({ base }) => {
    console.log(`fake WeChat code2session at ${base} (appid ${FAKE_APPID}, secret ${FAKE_SECRET}); code-<x> → openid o-<x>`)
  })
}
