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

it('lets a liaison join through their unit’s invitation with WeChat’s phone button, and an unknown number wait for the admin', async () => {
  const admin = await login(server.app, 'admin')
  // The office created its liaisons from a people sheet: 吴刚 of 市卫健委 with his mobile.
  const boundary = '----gnm'
  const csv = '姓名,单位,手机号\n吴刚,无锡市卫生健康委员会,13900008888\n'
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`
  const plan = (await server.app.inject({ method: 'POST', url: '/api/v1/people/imports', headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })).json()
  expect(plan.counts.create).toBe(1)
  await server.app.inject({ method: 'POST', url: `/api/v1/people/imports/${plan.id}/commit`, headers: admin })
  const invitation = (await server.app.inject({ method: 'POST', url: '/api/v1/departments/d-city-wjw/invitations', headers: admin })).json()

  const device = { ...newDevice('wugang'), phone: '13900008888' }
  const w = await launch(server, { device, path: invitation.path })
  await w.waitFor((x) => x.text().includes('「无锡市卫生健康委员会」邀请您作为本单位的联络员'), 'the invitation')
  w.taps = 0
  const [button] = w.byClass('join-phone')
  if (!button) throw new Error('no phone button')
  await w.tapPhoneButton(button)
  await w.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('吴刚，您好'), 'home as the unit’s liaison')
  console.log(`[weapp] joined through the unit invitation in ${w.taps} tap(s)`)
  expect(w.taps).toBe(1)
  expect(w.errors).toEqual([])
  w.kill()
  const bound = await server.deps.db.selectFrom('users').select(['openid', 'department_id']).where('phone', '=', '13900008888').executeTakeFirstOrThrow()
  expect(bound).toEqual({ openid: 'o-wugang', department_id: 'd-city-wjw' })

  // Someone whose number nobody holds: told to wait; the admin approves; 微信登录 lets them in.
  const stranger = { ...newDevice('stranger'), phone: '13900004444' }
  const s = await launch(server, { device: stranger, path: invitation.path })
  await s.waitFor((x) => x.byClass('join-phone').length > 0, 'the invitation')
  const [again] = s.byClass('join-phone')
  if (!again) throw new Error('no phone button')
  // Refusing WeChat's consent first: nothing is sent, the page says why.
  await s.tapPhoneButton(again, false)
  expect(s.host.toasts.some((t) => t.includes('需要确认手机号'))).toBe(true)
  await s.tapPhoneButton(again)
  await s.waitFor((x) => x.text().includes('已提交，等待管理员确认'), 'the pending request')
  const request = (await server.app.inject({ url: '/api/v1/join-requests', headers: admin })).json().items[0]
  expect(request.phone).toBe('139****4444')
  await server.app.inject({ method: 'POST', url: `/api/v1/join-requests/${request.id}/approve`, headers: admin, payload: { name: '郑洁' } })
  s.kill()
  const later = await launch(server, { device: stranger })
  await later.waitFor((x) => x.page.route === 'pages/login/index', 'the login page')
  await later.tapText('微信登录')
  await later.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('郑洁，您好'), 'home after approval')
  expect(later.errors).toEqual([])
  later.kill()
})
