import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Locator, Page } from 'playwright-core'
import { openPhone, screenshot, startDemoServer } from './harness'

/** Counts what a person would tap; typing into a focused field is not a tap. */
class Taps {
  count = 0
  constructor(private readonly page: Page) {}
  async tap(target: Locator | string): Promise<void> {
    const locator = typeof target === 'string' ? this.page.locator(target) : target
    await locator.first().click()
    this.count += 1
  }
}

async function screenshotFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gnm-shot-'))
  const path = join(dir, '在线咨询无法打开.png')
  const png = await sharp({ create: { width: 750, height: 1334, channels: 3, background: { r: 245, g: 246, b: 248 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="750" height="1334"><rect width="750" height="160" fill="#07c160"/><rect x="40" y="600" width="670" height="140" fill="none" stroke="#e0252b" stroke-width="8"/></svg>'), top: 0, left: 0 }])
    .png()
    .toBuffer()
  writeFileSync(path, png)
  return path
}

export async function inspectorFindsFailsAndSeesIssue(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const taps = new Taps(page)
  const finding = `“在线咨询”子菜单点击无响应（浏览器测试 ${Date.now() % 100000}）`
  try {
    await page.goto(`${server.url}/`)
    await page.locator('.login-user').first().waitFor()
    await screenshot(page, '1-login')
    await taps.tap(page.locator('[data-username="inspector"]'))

    await page.locator('.home-rate-value').waitFor()
    assert.equal(await page.locator('.home-rate-value').innerText(), '99.3')
    await screenshot(page, '2-home')
    await taps.tap(page.getByText('开始检查'))

    await page.locator('.account').first().waitFor()
    await screenshot(page, '3-accounts')
    await taps.tap('.search-input')
    await page.locator('.search-input input').fill('健康无锡')
    await taps.tap('.search-btn')
    const target = page.locator('.account[data-account="健康无锡"]')
    // The unfiltered list may hold 健康无锡 too: wait for the search's answer to replace it.
    // (Sent as source text: tsx would wrap a function literal in helpers the page does not have.)
    await page.waitForFunction(`(document.querySelector('.account') || { getAttribute: () => null }).getAttribute('data-account') === '健康无锡'`, undefined, { timeout: 10000 })
    assert.equal(await page.locator('.account').first().getAttribute('data-account'), '健康无锡')
    await taps.tap(target)

    await page.locator('.inspect-head').waitFor()
    await taps.tap('.inspect-allpass')
    // The update-lag item: open the date picker and confirm the date it offers (the checkpoint day).
    await taps.tap('.date-field')
    await taps.tap(page.locator('.weui-picker__action').filter({ hasText: '确定' }))
    await page.getByText('更新正常').waitFor()
    assert.match(await page.locator('.verdict-word').innerText(), /合格/)
    await screenshot(page, '4-inspect-all-pass')

    await taps.tap('#ind-INT-1 .seg-fail')
    assert.equal(await page.locator('.verdict-word').innerText(), '不合格')
    await taps.tap('#ind-INT-1 .failure-note')
    await page.locator('#ind-INT-1 .failure-note textarea').fill(finding)
    const file = await screenshotFile()
    const chooser = page.waitForEvent('filechooser')
    await taps.tap('#ind-INT-1 .photo-add')
    await (await chooser).setFiles(file)
    await page.locator('#ind-INT-1 .photo').first().waitFor()
    await screenshot(page, '5-inspect-failed-item')

    await taps.tap(page.locator('.inspect-footer .submit-btn'))
    await page.getByText('已提交：不合格').waitFor({ timeout: 20000 })
    await page.getByText('已同步到服务器，1/1 张截图已接收').waitFor({ timeout: 20000 })
    await screenshot(page, '6-submitted')
    await taps.tap(page.locator('.result-issues'))

    const card = page.locator('.issue-group[data-issue="健康无锡"] .issue')
    await card.first().waitFor()
    await page.getByText(finding).waitFor()
    assert.equal(await card.count(), 1, 'a later inspection updates the issue; it does not make a second one')
    assert.equal(await page.locator('.issues-dept').innerText(), '无锡市卫生健康委员会')
    await page.locator('.issue-shot').first().waitFor()
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.issue-shot img')).every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0))
    await screenshot(page, '7-issue-list')
    console.log(`  taps from login to the issue in the department list: ${taps.count}`)
  } finally {
    await phone.close()
    await server.stop()
  }
}
