import sharp from 'sharp'
import { startServer, type TestServer } from '../server/harness'
import { newDevice, type Device } from './fake-wx'
import { takeRenderWarnings, textOf, Weapp, type LaunchOptions, type ViewNode } from './harness'

/** A demo server on a fresh SQLite database, listening on a free loopback port. */
export async function listeningServer(opts: Parameters<typeof startServer>[1] = {}): Promise<TestServer & { origin: string }> {
  const server = await startServer('sqlite', opts)
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  const address = server.app.server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  return { ...server, origin: `http://127.0.0.1:${address.port}` }
}

/** A phone on which `username` has logged in before (the session the app persisted). */
export async function signedInDevice(server: TestServer, username: string): Promise<Device> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username } })
  const { token, user } = res.json<{ token: string; user: unknown }>()
  const device = newDevice()
  // What zustand's persist wrote through Taro.setStorageSync: a JSON string, stored as WeChat stores any value.
  device.storage.set('gnm.session', JSON.stringify(JSON.stringify({ state: { token, user }, version: 1 })))
  return device
}

export async function launch(server: { origin: string }, opts: Omit<LaunchOptions, 'serverOrigin'> = {}): Promise<Weapp> {
  return Weapp.launch({ serverOrigin: server.origin, ...opts })
}

/** A phone screenshot: a real PNG, different per seed. */
export async function screenshot(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 390, height: 844, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: 120 } } })
    .png()
    .toBuffer()
}

/** No exception in the bundle, no API the fake does not simulate, no render warning, no setData over 256 KB. */
export function healthy(w: Weapp): void {
  expect(w.errors).toEqual([])
  expect(w.host.unsupported).toEqual([])
  expect(takeRenderWarnings()).toEqual([])
  expect(w.setDataWarnings).toEqual([])
}

/** The row of an account in the list, by its exact name. */
export function accountRow(w: Weapp, name: string): ViewNode {
  const row = w.byClass('account').find((n) => w.byClass('account-name', n).some((t) => textOf(t) === name))
  if (!row) throw new Error(`no account ${name} in the list: ${w.text().slice(0, 300)}`)
  return row
}

/** From home (开始检查) to the inspector's account list. */
export async function openAccounts(w: Weapp): Promise<void> {
  await w.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('开始检查'), 'home')
  await w.tapText('开始检查')
  await w.waitFor((x) => x.byClass('account').length > 0, 'the account list')
}

/** Opens an account's checklist from the account list and waits for its items. */
export async function openChecklist(w: Weapp, account: string): Promise<void> {
  await w.tap(accountRow(w, account))
  await w.waitFor((x) => x.byClass('seg-fail').length > 0, `the checklist of ${account}`)
}
