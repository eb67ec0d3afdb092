import sharp from 'sharp'
import type { TestServer } from '../server/harness'
import { DRAFTS_KEY, MAX_DRAFTS } from '../../src/stores/inspection'
import { createWeChatClient } from '../../server/notify/wechat'
import { STORAGE_LIMIT_BYTES, type NetworkConditions } from './fake-wx'
import { takeRenderWarnings, type Weapp } from './harness'
import { accountRow, healthy, launch, listeningServer, openAccounts, openChecklist, signedInDevice } from './support'

/**
 * The compiled mini-program on a phone as hard as a real one (test/weapp/fake-wx.ts): pickers that
 * send the app to the background, iOS and Android image handling, a network with slots, latency,
 * timeouts and drops, subpackages to download, storage counted in bytes.
 */
let server: TestServer & { origin: string }
beforeEach(async () => {
  server = await listeningServer()
  takeRenderWarnings()
})
afterEach(async () => {
  await server.close()
})

const CP2 = 'cp-2024q2-2'

async function storedInspections(accountName: string) {
  return server.deps.db
    .selectFrom('inspections')
    .innerJoin('accounts', 'accounts.id', 'inspections.account_id')
    .select(['inspections.id', 'inspections.client_id', 'inspections.verdict'])
    .where('accounts.name', '=', accountName)
    .where('accounts.platform', '=', 'wechat')
    .where('inspections.checkpoint_id', '=', CP2)
    .where('inspections.client_id', 'like', 'c-%')
    .execute()
}

async function evidenceOf(inspectionId: string) {
  return server.deps.db.selectFrom('inspection_evidence').select('sha256').where('inspection_id', '=', inspectionId).execute()
}

/** The drafts the inspection store persisted (setStorageSync keeps the persisted string as JSON). */
function keptDrafts(storage: Map<string, string>) {
  const raw = JSON.parse(storage.get(DRAFTS_KEY) ?? 'null') as string | null
  if (typeof raw !== 'string') throw new Error('no drafts kept on the phone')
  return JSON.parse(raw) as { state: { drafts: Record<string, { updatedAt: number; photos: Record<string, { ref: string }[]> }> }; version: number }
}

/** A real phone screenshot's shape: a 1179×2556 PNG (iPhone 15) with text and blocks, ~0.3–1 MB. */
async function phoneScreenshot(seed: number): Promise<Buffer> {
  const lines = Array.from({ length: 40 }, (_, i) => `<text x="60" y="${260 + i * 56}" font-size="40" fill="#333" font-family="Noto Sans CJK SC">第${seed}-${i}条 政务新媒体检查 阅读 ${1000 + i * 37 + seed}</text>`).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1179" height="2556"><rect width="1179" height="2556" fill="#ededed"/><rect y="0" width="1179" height="200" fill="rgb(${(seed * 53) % 255},90,180)"/>${lines}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** Fails an item of the account's checklist with a note and the given screenshots, and submits. */
async function failWithScreenshots(w: Weapp, account: string, shots: Buffer[], note = '留言功能无法提交', beforePick?: () => void): Promise<void> {
  await openChecklist(w, account)
  await w.tapClass('seg-fail', 0)
  await w.waitFor((x) => x.byClass('failure-note').length > 0, 'the note field')
  const [field] = w.byClass('failure-note')
  if (!field) throw new Error('no note field')
  await w.input(field, note)
  beforePick?.()
  w.pick(...shots)
  // A picked screenshot is sent at once: on a slow link it is still under way when the page has answered.
  await w.tapClass('photo-add', 0, !beforePick)
  await w.waitFor((x) => x.byClass('photo-img').length === shots.length, `${shots.length} screenshots in the checklist`, 30000)
  // On a slow link the upload is still under way when the page has answered: no waiting for it.
  await w.tapText('提交检查结果', false)
}

/** Fails an item with one phone screenshot picked on a slow link, and submits; returns once a call is under way. */
async function failOnSlowLink(w: Weapp, account: string, seed: number, link: Pick<NetworkConditions, 'latencyMs' | 'upBytesPerMs'>): Promise<void> {
  await failWithScreenshots(w, account, [await phoneScreenshot(seed)], '留言功能无法提交', () => Object.assign(w.host.network, link))
  await w.waitFor((x) => x.host.networkStats.open > 0, 'the screenshot on its way')
}

/** The inspector's phone, signed in, on the account list. */
async function inspectorOnList(): Promise<Weapp> {
  const w = await launch(server, { device: await signedInDevice(server, 'inspector') })
  await openAccounts(w)
  return w
}

describe('the weapp bundle on a hard phone', () => {
  it.each(['ios', 'android'] as const)('keeps a 1179×2556 PNG screenshot picked on %s within its budget: a JPEG of 1600 px at most', async (os) => {
    const device = await signedInDevice(server, 'inspector')
    device.os = os
    const w = await launch(server, { device })
    await openAccounts(w)
    const shot = await phoneScreenshot(os === 'ios' ? 1 : 2)
    await failWithScreenshots(w, '无锡人防', [shot])
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the inspection synced', 30000)
    const [row] = await storedInspections('无锡人防')
    const [ev] = await evidenceOf(row?.id ?? '')
    const stored = await server.deps.db.selectFrom('evidence').select(['sha256', 'size']).where('sha256', '=', ev?.sha256 ?? '').executeTakeFirstOrThrow()
    const bytes = await server.deps.evidence.get(stored.sha256, 'original')
    if (!bytes) throw new Error('the screenshot is not stored')
    const meta = await sharp(bytes).metadata()
    console.log(`[weapp] ${os}: picked a ${(shot.length / 1024).toFixed(0)} KB PNG of 1179×2556; uploaded a ${meta.format} of ${meta.width}×${meta.height}, ${(stored.size / 1024).toFixed(0)} KB`)
    expect(meta.format).toBe('jpeg')
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1600)
    expect(stored.size).toBeLessThan(shot.length)
    // The app went to the background for the picker and came back.
    healthy(w)
    w.kill()
  }, 60000)

  it('sends an inspection submitted just before 10 s in another app once, after coming back', async () => {
    const w = await inspectorOnList()
    // A slow link from the pick: the screenshot is still on its way when WeChat suspends the app.
    await failOnSlowLink(w, '无锡交通', 3, { latencyMs: 200, upBytesPerMs: 8 })
    await w.background(10000)
    expect(w.host.networkStats.interrupted).toBeGreaterThan(0)
    w.host.network.upBytesPerMs = Infinity
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the inspection synced after coming back', 30000)
    await w.settle()
    const rows = await storedInspections('无锡交通')
    expect(rows).toHaveLength(1)
    expect(await evidenceOf(rows[0]?.id ?? '')).toHaveLength(1)
    console.log(`[weapp] background: ${w.host.networkStats.interrupted} call(s) interrupted at 5 s; one inspection on the server after coming back`)
    healthy(w)
    w.kill()
  }, 60000)

  it('retries a request the server left hanging after its timeout, without a duplicate', async () => {
    const w = await inspectorOnList()
    w.host.network.stalls.push('/api/v1/inspections/')
    await w.tap(accountRow(w, '无锡交通'))
    await w.waitFor((x) => x.text().includes('全部合格'), 'the checklist')
    await w.tapText('全部合格')
    await w.tapText('监测当日有更新')
    await w.tapText('提交检查结果', false)
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the pass synced after the timeout', 50000)
    expect(w.host.networkStats.timeouts).toBe(1)
    expect(await storedInspections('无锡交通')).toHaveLength(1)
    healthy(w)
    w.kill()
  }, 70000)

  it('syncs 12 screenshots while the list loads, never more than 10 calls at once', async () => {
    const w = await inspectorOnList()
    w.setOnline(false)
    const accounts = ['无锡交通', '无锡人防', '无锡住建', '健康无锡']
    let seed = 10
    for (const name of accounts) {
      await failWithScreenshots(w, name, [await phoneScreenshot(seed++), await phoneScreenshot(seed++), await phoneScreenshot(seed++)])
      await w.waitFor((x) => x.text().includes('已保存'), 'saved offline')
      await w.tapText('继续检查其他账号')
      await w.waitFor((x) => x.page.route === 'pages/accounts/index', 'back to the list')
    }
    w.host.network.latencyMs = 150
    w.host.network.upBytesPerMs = 200
    w.setOnline(true)
    // The list is read again while the queue goes out: both share the phone's 10 slots.
    w.navigate('redirectTo', '/pages/accounts/index', 1)
    for (const name of accounts) {
      const deadline = Date.now() + 30000
      while ((await storedInspections(name)).length === 0) {
        if (Date.now() > deadline) throw new Error(`${name} not synced`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    await w.settle()
    for (const name of accounts) {
      const rows = await storedInspections(name)
      expect(rows).toHaveLength(1)
      expect(await evidenceOf(rows[0]?.id ?? '')).toHaveLength(3)
    }
    console.log(`[weapp] 12 screenshots: at most ${w.host.networkStats.peak} calls at once, ${w.host.networkStats.queued} waited for a slot`)
    expect(w.host.networkStats.peak).toBeLessThanOrEqual(10)
    healthy(w)
    w.kill()
  }, 90000)

  it('says so when a subpackage page cannot be downloaded offline, and opens it offline once the home page preloaded it', async () => {
    const device = await signedInDevice(server, 'liaison-wjw')
    const first = await launch(server, { device })
    await first.waitFor((x) => x.text().includes('待反馈的问题'), 'the liaison home')
    // The home page preloaded the liaison's and the leader's packages while online.
    expect([...device.packages].sort()).toEqual(['packages/issues', 'packages/summary'])
    first.kill()

    const offline = await launch(server, { device, online: false })
    await offline.waitFor((x) => x.text().includes('本单位问题清单'), 'home offline, from the kept copy')
    await offline.tapText('本单位问题清单')
    await offline.waitFor((x) => x.page.route === 'packages/issues/pages/list/index', 'the issue list from the downloaded package')
    offline.kill()

    // WeChat may drop its cached code packages: offline, the tap then says why nothing opens.
    device.packages.clear()
    const again = await launch(server, { device, online: false })
    await again.waitFor((x) => x.text().includes('本单位问题清单'), 'home offline again')
    again.host.toasts.length = 0
    await again.tapText('本单位问题清单')
    expect(again.page.route).toBe('pages/home/index')
    expect(again.host.toasts).toContain('该页面需联网后首次打开，请检查网络')
    healthy(again)
    again.kill()
  }, 60000)

  it('tells the inspector when the phone\u2019s storage is full instead of losing the draft silently', async () => {
    const device = await signedInDevice(server, 'inspector')
    // Other keys already hold all but 4 KB of WeChat's 10 MB (counted in bytes: Chinese is 3 a character).
    const used = [...device.storage.entries()].reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0)
    device.storage.set('other', JSON.stringify('报'.repeat(Math.floor((STORAGE_LIMIT_BYTES - used - 4096) / 3))))
    const w = await launch(server, { device })
    await openAccounts(w)
    await openChecklist(w, '无锡交通')
    await w.tapClass('seg-fail', 0)
    const [field] = w.byClass('failure-note')
    if (!field) throw new Error('no note field')
    await w.input(field, '转载内容未注明来源，且链接到商业网站，'.repeat(120))
    await w.waitFor((x) => x.text().includes('存储空间已满'), 'the storage-full message')
    expect(w.errors).toEqual([])
    w.kill()
  }, 60000)

  it('says why the camera cannot open when its permission was refused, opens the settings, and takes the picture after', async () => {
    const w = await inspectorOnList()
    await openChecklist(w, '无锡交通')
    await w.tapClass('seg-fail', 0)
    await w.waitFor((x) => x.byClass('photo-add').length > 0, 'the screenshot button')
    // The inspector once refused 摄像头 and now takes the picture with the camera.
    w.host.denied.scopes.push('scope.camera')
    w.host.pickSource = 'camera'
    w.host.modals.length = 0
    w.host.modalAnswers.push(true) // 去设置
    await w.tapClass('photo-add', 0)
    await w.waitFor((x) => x.host.settingsOpened === 1, 'the settings page opened from the message')
    expect(w.host.modals.map((m) => m.title)).toEqual(['无法添加截图'])
    expect(w.host.modals[0]?.content).toContain('设置中允许使用摄像头')
    expect(w.host.denied.scopes).toEqual([])
    w.pick(await phoneScreenshot(30))
    await w.tapClass('photo-add', 0)
    await w.waitFor((x) => x.byClass('photo-img').length === 1, 'the picture taken after allowing the camera')

    // The privacy notice refused: WeChat shows it again on the next try, and the message says so.
    w.host.denied.privacy = true
    w.host.modals.length = 0
    await w.tapClass('photo-add', 0)
    await w.waitFor((x) => x.host.modals.length > 0, 'the privacy message')
    expect(w.host.modals[0]?.content).toContain('隐私保护指引')
    expect(w.host.settingsOpened).toBe(1)
    w.host.denied.privacy = false

    // The phone's own settings deny WeChat the photos: no settings page of ours can help, the message says where.
    w.host.pickSource = 'album'
    w.host.denied.system = ['album']
    w.host.modals.length = 0
    await w.tapClass('photo-add', 0)
    await w.waitFor((x) => x.host.modals.length > 0, 'the message')
    expect(w.host.modals[0]?.content).toContain('设置 → 微信')
    expect(w.host.settingsOpened).toBe(1)
    expect(w.byClass('photo-img')).toHaveLength(1)
    healthy(w)
    w.kill()
  }, 60000)

  it('sends again what the network cut off mid-upload, and what reached the server before its answer was lost: once each', async () => {
    const w = await inspectorOnList()
    // A slow uplink from the pick: the screenshot takes seconds to go.
    await failOnSlowLink(w, '无锡交通', 40, { latencyMs: 100, upBytesPerMs: 20 })
    w.setOnline(false) // the lift doors close: the upload under way fails in the middle
    expect(w.host.networkStats.dropped).toBeGreaterThan(0)
    await w.waitFor((x) => x.text().includes('已保存'), 'the inspection kept on the phone')
    expect(await storedInspections('无锡交通')).toHaveLength(0)

    // Back on the network; this time the inspection reaches the server and the connection drops before its answer.
    w.host.network.upBytesPerMs = Infinity
    w.host.network.lostReplies.push('/api/v1/inspections/')
    w.setOnline(true)
    const deadline = Date.now() + 20000
    while (w.host.network.lostReplies.length > 0 || w.host.online) {
      if (Date.now() > deadline) throw new Error('the inspection never reached the server')
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(await storedInspections('无锡交通')).toHaveLength(1)
    w.setOnline(true)
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the inspection synced after the lost answer', 30000)
    await w.settle()
    const rows = await storedInspections('无锡交通')
    expect(rows).toHaveLength(1)
    expect(await evidenceOf(rows[0]?.id ?? '')).toHaveLength(1)
    console.log(`[weapp] network drops: ${w.host.networkStats.dropped} call(s) cut; one inspection with its screenshot on the server`)
    healthy(w)
    w.kill()
  }, 60000)

  it('removes an evicted draft’s screenshot from the phone when the 201st draft pushes it out', async () => {
    const device = await signedInDevice(server, 'inspector')
    const first = await launch(server, { device })
    await openAccounts(first)
    first.setOnline(false) // the screenshot stays on the phone, in the draft only
    await openChecklist(first, '无锡交通')
    await first.tapClass('seg-fail', 0)
    first.pick(await phoneScreenshot(50))
    await first.tapClass('photo-add', 0)
    await first.waitFor((x) => x.byClass('photo-img').length === 1, 'the screenshot in the draft')
    await first.settle()
    first.kill()

    // 198 older drafts from earlier rounds, each holding a screenshot of its own on the phone.
    const kept = keptDrafts(device.storage)
    const [[liveKey, live]] = Object.entries(kept.state.drafts) as [[string, (typeof kept.state.drafts)[string]]]
    const [liveRef] = Object.values(live.photos).flat().map((p) => p.ref)
    if (!liveRef) throw new Error('the draft holds no screenshot')
    const bytes = device.fs.files.get(liveRef)
    if (!bytes) throw new Error('the screenshot is not in the user files')
    const older: string[] = []
    for (let i = 0; i < MAX_DRAFTS - 2; i += 1) {
      const ref = liveRef.replace(/[^/]+$/, `old-${i}.jpg`)
      device.fs.files.set(ref, bytes)
      older.push(ref)
      const photos = Object.fromEntries(Object.entries(live.photos).map(([code, list]) => [code, list.map((p) => ({ ...p, ref }))]))
      kept.state.drafts[`r-old/${i}/${liveKey.split('/')[2]}`] = { ...live, photos, updatedAt: live.updatedAt - 86400000 * (MAX_DRAFTS - i) }
    }
    // As setStorageSync keeps it: the persisted string, as JSON.
    device.storage.set(DRAFTS_KEY, JSON.stringify(JSON.stringify(kept)))
    expect(Object.keys(kept.state.drafts)).toHaveLength(MAX_DRAFTS - 1)

    const w = await launch(server, { device, online: false })
    await openAccounts(w)
    // Two more drafts: the 200th fits, the 201st pushes out the oldest, whose screenshot goes with it.
    for (const [name, seed] of [['无锡人防', 51], ['无锡住建', 52]] as const) {
      await openChecklist(w, name)
      await w.tapClass('seg-fail', 0)
      w.pick(await phoneScreenshot(seed))
      await w.tapClass('photo-add', 0)
      await w.waitFor((x) => x.byClass('photo-img').length === 1, `the screenshot in the draft of ${name}`)
      await w.settle()
      w.navigate('navigateBack', '', 1)
      await w.waitFor((x) => x.page.route === 'pages/accounts/index', 'back to the list')
    }
    const drafts = keptDrafts(device.storage).state.drafts
    expect(Object.keys(drafts)).toHaveLength(MAX_DRAFTS)
    expect(drafts[`r-old/0/${liveKey.split('/')[2]}`]).toBeUndefined()
    expect(device.fs.files.has(older[0] ?? '')).toBe(false)
    expect(older.slice(1).every((ref) => device.fs.files.has(ref))).toBe(true)
    expect(device.fs.files.has(liveRef)).toBe(true)
    // Every kept screenshot belongs to a draft: nothing is left behind.
    const referenced = new Set(Object.values(drafts).flatMap((d) => Object.values(d.photos).flat().map((p) => p.ref)))
    const evidence = [...device.fs.files.keys()].filter((path) => path.includes('/evidence/'))
    expect(evidence.filter((path) => !referenced.has(path))).toEqual([])
    healthy(w)
    w.kill()
  }, 90000)

  it('runs on iOS 15’s engine — Promise reactions as timer tasks, no TextEncoder — and an inspection still goes through', async () => {
    const device = await signedInDevice(server, 'inspector')
    Object.assign(device, { os: 'ios', osVersion: 15 })
    const w = await launch(server, { device })
    // WeChat's own example (「JavaScript 支持情况」): [1,2,3,4,6,5,7] on iOS 15 and older.
    const order = w.evaluate(`(() => { var arr = []; setTimeout(() => arr.push(6), 0); arr.push(1); const p = new Promise(resolve => { arr.push(2); resolve() }); arr.push(3); p.then(() => arr.push(5)); arr.push(4); setTimeout(() => arr.push(7), 0); return arr })()`) as number[]
    await new Promise((r) => setTimeout(r, 50))
    expect([...order]).toEqual([1, 2, 3, 4, 6, 5, 7])
    expect(w.evaluate('typeof TextEncoder')).toBe('undefined')
    await openAccounts(w)
    await w.tap(accountRow(w, '无锡交通'))
    await w.waitFor((x) => x.text().includes('全部合格'), 'the checklist')
    await w.tapText('全部合格')
    await w.tapText('监测当日有更新')
    await w.tapText('提交检查结果', false)
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the pass synced', 20000)
    expect(await storedInspections('无锡交通')).toHaveLength(1)
    healthy(w)
    w.kill()
  }, 60000)

  it('offers a liaison the server’s reminders only when it sends them, and records only the templates accepted in WeChat’s dialog', async () => {
    const device = await signedInDevice(server, 'liaison-wjw')
    const openIssue = async () => {
      const w = await launch(server, { device })
      await w.waitFor((x) => x.text().includes('待反馈的问题'), 'the liaison home')
      await w.tapClass('home-todo-item')
      await w.waitFor((x) => x.text().includes('反馈整改情况'), 'the issue')
      await w.settle()
      return w
    }
    // This server sends no subscribe messages: nothing to subscribe to.
    const without = await openIssue()
    expect(without.text()).not.toContain('订阅整改提醒')
    without.kill()

    server.deps.reminders = {
      client: createWeChatClient({ appId: 'wx-test', secret: 'secret', baseUrl: 'http://127.0.0.1:9' }),
      daysBefore: 3,
      templates: { deadline: 'TPL-DEADLINE', returned: 'TPL-RETURNED' }
    }
    const w = await openIssue()
    const accepted = async () =>
      (await server.deps.db.selectFrom('subscriptions').innerJoin('users', 'users.id', 'subscriptions.user_id').select('subscriptions.kind').where('users.username', '=', 'liaison-wjw').execute()).map((r) => r.kind)
    // In WeChat's dialog the liaison accepts the deadline reminder and rejects the other.
    w.host.denied.subscriptions = ['TPL-RETURNED']
    await w.tapText('订阅整改提醒')
    await w.waitFor((x) => x.host.toasts.includes('已订阅：整改截止前会提醒您'), 'what was subscribed')
    expect(await accepted()).toEqual(['deadline'])
    // Both rejected: nothing recorded, and the liaison is told.
    w.host.denied.subscriptions = ['*']
    await w.tapText('订阅整改提醒')
    await w.waitFor((x) => x.host.toasts.includes('未订阅提醒'), 'nothing subscribed')
    expect(await accepted()).toEqual(['deadline'])
    healthy(w)
    w.kill()
  }, 60000)
})
