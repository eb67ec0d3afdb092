import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { openPhone, screenshot, startDemoServer } from './harness'

/**
 * The phone goes offline (the browser's own offline mode): a page never opened before still
 * opens (the service worker holds every chunk), the submission reads 「无网络，已保存…」, a
 * reload brings the app back from the phone, and the inspection arrives with its screenshot
 * within 3 s of the network returning, without a tap.
 */
export async function offlineSubmitArrivesAfterReload(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page, context } = phone
  try {
    await page.goto(`${server.url}/`)
    // The service worker has precached the app shell and every chunk.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.locator('[data-username="inspector"]').click()
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.search-input input').fill('无锡城管')
    await page.locator('.search-btn').click()
    await page.locator('.account[data-account="无锡城管"]').first().waitFor()

    await context.setOffline(true)
    // The checklist's chunk was never loaded: it comes from the service worker.
    await page.locator('.account[data-account="无锡城管"]').first().click()
    await page.locator('.inspect-allpass').click()
    await page.locator('.chip', { hasText: '监测当日有更新' }).click()
    await page.locator('#ind-SEC-1 .seg-fail').click()
    await page.locator('#ind-SEC-1 .failure-note textarea').fill('6月20日推文将分管副市长职务写错（离线测试）')
    const dir = mkdtempSync(join(tmpdir(), 'gnm-offline-'))
    const file = join(dir, 'shot.png')
    writeFileSync(file, await sharp({ create: { width: 600, height: 1000, channels: 3, background: { r: 240, g: 120, b: 40 } } }).png().toBuffer())
    const chooser = page.waitForEvent('filechooser')
    await page.locator('#ind-SEC-1 .photo-add').click()
    await (await chooser).setFiles(file)
    await page.locator('#ind-SEC-1 .photo').first().waitFor()
    await page.locator('.inspect-footer .submit-btn').click()
    await page.getByText('已保存：不合格').waitFor()
    await page.getByText('无网络，已保存，联网后自动上传').first().waitFor()
    assert.equal(await page.locator('.sync-state .sync-status-neutral').count(), 1)
    assert.equal(await page.locator('.sync-state .error-text').count(), 0)
    await screenshot(page, '10-offline-submitted')

    // WeChat is closed and opened again, still offline: the service worker serves the app.
    await page.goto(`${server.url}/#/pages/home/index`)
    await page.reload()
    await page.locator('.home-sync').waitFor()
    assert.match(await page.locator('.home-sync-text').innerText(), /1 条/)
    await page.locator('.home-sync').click()
    await page.locator('.sync-entry[data-client-id]').first().waitFor()
    assert.match(await page.locator('.sync-entry[data-client-id]').first().innerText(), /0\/1 张截图已接收/)
    assert.match(await page.locator('.sync-entry[data-client-id]').first().innerText(), /无网络，已保存，联网后自动上传/)
    await screenshot(page, '11-sync-pending')

    // The network comes back: the app sends by itself, within 3 s.
    const back = Date.now()
    await context.setOffline(false)
    await page.getByText('没有待同步的记录').waitFor({ timeout: 3000 })
    console.log(`  offline inspection arrived ${Date.now() - back} ms after the network returned`)
    await page.getByText('已同步', { exact: true }).waitFor()
    await screenshot(page, '12-synced')

    // The office sees it: the issue is in 市城管局's list, with the screenshot.
    const login = await (await fetch(`${server.url}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) })).json()
    const issues = await (await fetch(`${server.url}/api/v1/departments/d-city-cgj/issues`, { headers: { authorization: `Bearer ${login.token}` } })).json()
    assert.equal(issues.total, 1)
    assert.equal(issues.items[0].finding, '6月20日推文将分管副市长职务写错（离线测试）')
    assert.equal(issues.items[0].evidence.length, 1)
  } finally {
    await phone.close()
    await server.stop()
  }
}

/** Without the service worker's copy, a page whose chunk cannot load says so instead of doing nothing. */
export async function missingChunkShowsAMessage(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone(undefined, { serviceWorkers: 'block' })
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="inspector"]').click()
    await page.locator('.home-actions').waitFor()
    // Every script not loaded yet is out of reach (no network, nothing cached).
    await page.route('**/js/*.js', (route) => route.abort('internetdisconnected'))
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.taro-modal__content').getByText('这个页面还没有保存到手机上', { exact: false }).waitFor({ timeout: 10000 })
    await screenshot(page, '18-chunk-missing')
  } finally {
    await phone.close()
    await server.stop()
  }
}

/**
 * Day two in the field: the app was used yesterday, today it is opened with no network. Home and
 * the account list come from the phone's copy, marked 「离线 · 数据截至 …」 (never 加载失败); an
 * inspection is filled and submitted; when the network returns the list refreshes by itself and
 * the inspection arrives once.
 */
export async function relaunchOfflineStartsFromTheKeptCopy(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { context } = phone
  let page = phone.page
  try {
    await page.goto(`${server.url}/`)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.locator('[data-username="inspector"]').click()
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.account').first().waitFor()
    // The full list (every page) is kept in the background.
    await page.waitForFunction(() => (localStorage.getItem('gnm.cache.accounts') ?? '').length > 10_000)
    await page.close()

    await context.setOffline(true)
    page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.locator('.offline-note:visible').first().waitFor()
    assert.match(await page.locator('.offline-note:visible').first().innerText(), /离线 · 数据截至/)
    assert.equal(await page.getByText('加载失败').count(), 0)
    await screenshot(page, '19-offline-home')
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.accounts .offline-note').waitFor()
    await page.locator('.search-input input').fill('无锡城管')
    await page.locator('.search-btn').click()
    await page.locator('.account[data-account="无锡城管"]').first().waitFor()
    await screenshot(page, '20-offline-list')
    await page.locator('.account[data-account="无锡城管"]').first().click()
    await page.locator('.inspect-allpass').click()
    await page.locator('.chip', { hasText: '监测当日有更新' }).click()
    await page.locator('.inspect-footer .submit-btn').click()
    await page.getByText('无网络，已保存，联网后自动上传').first().waitFor()
    await page.goBack()
    await page.locator('.accounts .offline-note').waitFor()

    const back = Date.now()
    await context.setOffline(false)
    await page.locator('.accounts .offline-note').waitFor({ state: 'detached', timeout: 3000 })
    const login = await (await fetch(`${server.url}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) })).json()
    for (;;) {
      const list = await (await fetch(`${server.url}/api/v1/rounds/r-2024q2/accounts?q=${encodeURIComponent('无锡城管')}&status=inspected&checkpointId=cp-2024q2-2`, { headers: { authorization: `Bearer ${login.token}` } })).json()
      if (list.items.some((a: { name: string }) => a.name === '无锡城管')) break
      if (Date.now() - back > 3000) throw new Error('the offline inspection did not arrive within 3 s of the network returning')
      await new Promise((r) => setTimeout(r, 50))
    }
    console.log(`  relaunched offline: list refreshed and inspection arrived ${Date.now() - back} ms after the network returned`)
  } finally {
    await phone.close()
    await server.stop()
  }
}
