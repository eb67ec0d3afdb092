import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { openPhone, screenshot, startDemoServer } from './harness'
import { measure } from './sizes'

/** The leader glances at the round: the ring, the bars, the trend; the failing count taps through to the three accounts. */
export async function leaderGlancesAtTheRound(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="leader"]').click()
    await page.locator('.home-action-title', { hasText: '检查概况' }).click()
    await page.locator('.ring-value', { hasText: '99.3%' }).waitFor()
    assert.deepEqual(await page.locator('.summary-figure-value').allInnerTexts(), ['425', '425', '3'])
    assert.match(await page.locator('.summary-at').innerText(), /数据截至 2024年7月10日/)
    // Registered accounts by platform: 299 / 63 / 4 / 59.
    assert.deepEqual((await page.locator('.bar-row[data-bar="wechat"] .bar-value').innerText()).replace(' ›', ''), '299')
    assert.deepEqual((await page.locator('.bar-row[data-bar="other"] .bar-value').innerText()).replace(' ›', ''), '59')
    await page.locator('.bar-row[data-bar="unit-d-city-wjw"]', { hasText: '66.7%（1）' }).waitFor()
    await page.locator('.trend-value', { hasText: '99.3%' }).waitFor()
    assert.deepEqual(await measure(page, 'summary'), [])
    await screenshot(page, '40-summary', true)
    await page.locator('.summary-rect').scrollIntoViewIfNeeded()
    await screenshot(page, '41-summary-failures')
    await page.locator('.trend').scrollIntoViewIfNeeded()
    await screenshot(page, '42-summary-trend')

    // The failing count lands on the three failing accounts.
    await page.locator('.summary-failed').click()
    await page.locator('.account').nth(2).waitFor()
    const names = (await page.locator('.account .account-name').allInnerTexts()).map((n) => n.trim()).sort()
    assert.deepEqual(names, ['健康无锡', '经开综合执法', '锡山发改'].sort())
    assert.equal(await page.locator('.account').count(), 3)

    // A unit taps through to its issues.
    await page.goBack()
    await page.locator('.bar-row[data-bar="unit-d-city-wjw"]:visible').click()
    await page.locator('.issue-account', { hasText: '健康无锡' }).waitFor()
  } finally {
    await phone.close()
    await server.stop()
  }
}

/** The admin writes section 二 of the circular, sees it in the preview, and downloads the .docx with it. */
export async function adminWritesTheCircular(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="admin"]').click()
    await page.locator('.home-action-title', { hasText: '检查概况' }).click()
    await page.locator('.summary-circular').click()
    await page.locator('.circular-heading', { hasText: '三、存在问题' }).waitFor()
    assert.match(await page.locator('.circular-paper').innerText(), /总体合格率为99\.3%/)
    await page.locator('.circular-toggle').click()
    const practice = '「江阴市场监管」开通“食安投诉”服务，群众反映的问题当天有回应。'
    await page.locator('.circular-practices textarea').fill(practice)
    await page.locator('.circular-save').click()
    await page.locator('.circular-paper .circular-para', { hasText: practice }).waitFor()
    assert.deepEqual(await measure(page, 'circular'), [])
    await screenshot(page, '43-circular', true)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.circular-download').click()])
    const JSZip = (await import('jszip')).default
    const zip = await JSZip.loadAsync(readFileSync(await download.path()))
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    assert.ok(xml.includes(practice), 'the saved practice is in the .docx')
    assert.ok(xml.includes('99.3%'))
  } finally {
    await phone.close()
    await server.stop()
  }
}
