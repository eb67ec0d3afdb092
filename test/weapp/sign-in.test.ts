import { createCode2Session } from '../../server/auth/wechat-session'
import { FAKE_APPID, FAKE_SECRET, startFakeWeChat } from '../../scripts/fake-wechat'
import type { TestServer } from '../server/harness'
import { login } from '../server/harness'
import { newDevice } from './fake-wx'
import { takeRenderWarnings } from './harness'
import { launch, listeningServer } from './support'

/** Real sign-in on the weapp bundle: wx.login → the server → a local fake of WeChat's code2session. */
let server: TestServer & { origin: string }
let wechat: Awaited<ReturnType<typeof startFakeWeChat>>
beforeEach(async () => {
  wechat = await startFakeWeChat()
  server = await listeningServer({ deps: { wechat: createCode2Session({ appId: FAKE_APPID, secret: FAKE_SECRET, baseUrl: wechat.base, retryDelayMs: 1 }) } })
  takeRenderWarnings()
})
afterEach(async () => {
  await server.close()
  await wechat.close()
})

it('takes a fresh install through 微信登录 and the bind code to home, and signs a deactivated person out', async () => {
  const admin = await login(server.app, 'admin')
  const person = (await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '赵磊', role: 'inspector', departmentId: 'd-city-bgs' } })).json()

  const w = await launch(server, { device: newDevice('zhaolei') })
  await w.waitFor((x) => x.page.route === 'pages/login/index' && x.text().includes('微信登录'), 'the login page')
  await w.tapText('微信登录')
  await w.waitFor((x) => x.text().includes('首次登录：输入绑定码'), 'the bind form')
  const [field] = w.byClass('login-code')
  if (!field) throw new Error('no bind code field')
  await w.input(field, 'wrongcod')
  await w.tapText('绑定并登录')
  await w.waitFor((x) => x.text().includes('绑定码不正确'), 'the refusal of a wrong code')
  await w.input(field, person.bindCode.toLowerCase())
  await w.tapText('绑定并登录')
  await w.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('赵磊，您好'), 'home after binding')
  expect(w.errors).toEqual([])
  expect(takeRenderWarnings()).toEqual([])
  const device = w.kill()

  // Next launch: signed in from storage; WeChat sign-in would also go straight through.
  const again = await launch(server, { device })
  await again.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('赵磊，您好'), 'home on the next launch')
  again.kill()

  const off = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${person.id}`, headers: admin, payload: { active: false } })
  expect(off.json().active).toBe(false)
  const after = await launch(server, { device })
  await after.waitFor((x) => x.page.route === 'pages/login/index' && x.text().includes('登录已失效'), 'the deactivated person back on the login page')
  await after.tapText('微信登录')
  await after.waitFor((x) => x.text().includes('账号已停用'), 'the refusal for a deactivated person')
  expect(after.errors).toEqual([])
  after.kill()
})

it('signs a desktop browser in when a signed-in phone scans its QR code and confirms', async () => {
  const { signedInDevice } = await import('./support')
  const ticket = (await server.app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/120' } })).json().id
  const w = await launch(server, { device: await signedInDevice(server, 'admin') })
  await w.waitFor((x) => x.text().includes('扫码登录电脑版'), 'home with the scan action')
  w.host.scans.push('https://example.com/not-ours')
  await w.tapText('扫码登录电脑版')
  expect(w.host.toasts).toContain('这不是电脑登录的二维码')
  w.host.scans.push(`gnm-web-login:${ticket}`)
  await w.tapText('扫码登录电脑版')
  await w.waitFor((x) => x.page.route === 'pages/approve/index' && x.text().includes('Windows'), 'who and where is asking')
  expect(w.text()).toContain('将以「王珊」的身份登录')
  await w.tapText('确认登录')
  expect(w.host.toasts).toContain('电脑已登录')
  const polled = (await server.app.inject({ url: `/api/v1/auth/web-tickets/${ticket}` })).json()
  expect(polled).toMatchObject({ status: 'approved', user: { name: '王珊' } })
  expect(w.errors).toEqual([])
  w.kill()
})
