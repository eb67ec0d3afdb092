import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Route } from 'playwright-core'
import { openPhone, screenshot, startDemoServer } from './harness'

/**
 * Submit with the network cut (the API's write routes aborted), reload the page (the app
 * restarts from storage), restore the network, sync, and see the inspection arrive with its
 * screenshot.
 */
export async function offlineSubmitArrivesAfterReload(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const cut = (route: Route) => route.abort('internetdisconnected')
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="inspector"]').click()
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.search-input input').fill('无锡城管')
    await page.locator('.search-btn').click()
    await page.locator('.account[data-account="无锡城管"]').first().click()
    await page.locator('.inspect-allpass').click()
    await page.getByText('监测当日有更新').click()
    await page.locator('#ind-SEC-1 .seg-fail').click()
    await page.locator('#ind-SEC-1 .failure-note textarea').fill('6月20日推文将分管副市长职务写错（离线测试）')
    const dir = mkdtempSync(join(tmpdir(), 'gnm-offline-'))
    const file = join(dir, 'shot.png')
    writeFileSync(file, await sharp({ create: { width: 600, height: 1000, channels: 3, background: { r: 240, g: 120, b: 40 } } }).png().toBuffer())
    const chooser = page.waitForEvent('filechooser')
    await page.locator('#ind-SEC-1 .photo-add').click()
    await (await chooser).setFiles(file)
    await page.locator('#ind-SEC-1 .photo').first().waitFor()

    // The network goes down for everything the outbox sends.
    await page.route('**/api/v1/evidence**', cut)
    await page.route('**/api/v1/inspections/**', cut)
    await page.locator('.inspect-footer .submit-btn').click()
    await page.getByText('已保存：不合格').waitFor()
    await page.getByText(/同步失败，稍后自动重试|正在同步/).first().waitFor()
    await page.getByText('已保存在手机上，网络恢复后自动上传，不会丢失。').waitFor()
    await screenshot(page, '10-offline-submitted')

    // WeChat is closed and opened again, still offline.
    await page.goto(`${server.url}/#/pages/home/index`)
    await page.reload()
    await page.locator('.home-sync').waitFor()
    assert.match(await page.locator('.home-sync-text').innerText(), /1 条/)
    // A refresh of the account list from the server does not hide what is still waiting to be sent.
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.search-input input').fill('无锡城管')
    await page.locator('.search-btn').click()
    const row = page.locator('.account[data-account="无锡城管"]').first()
    await row.locator('.tag-warn').waitFor()
    assert.equal(await row.locator('.tag-warn').innerText(), '待同步')
    await page.goBack()
    await page.locator('.home-sync').click()
    await page.locator('.sync-entry[data-client-id]').first().waitFor()
    assert.match(await page.locator('.sync-entry[data-client-id]').first().innerText(), /0\/1 张截图已接收/)
    await screenshot(page, '11-sync-pending')

    // The network comes back; 「立即同步」.
    await page.unroute('**/api/v1/evidence**', cut)
    await page.unroute('**/api/v1/inspections/**', cut)
    await page.locator('.sync-now').click()
    await page.getByText('没有待同步的记录').waitFor({ timeout: 20000 })
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
