import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { openPhone, screenshot, signIn, startDemoServer } from './harness'
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
    // Registered accounts by platform, each by its own name: 299 微信公众号, 63 微博, 4 客户端, and the 59 「其他」 as 抖音, 快手 …
    const bar = async (key: string) => Number((await page.locator(`.bar-row[data-bar="${key}"] .bar-value`).innerText()).replace(' ›', ''))
    assert.deepEqual([await bar('wechat'), await bar('weibo'), await bar('app')], [299, 63, 4])
    const inOther = ['douyin', 'kuaishou', 'toutiao', 'channels', 'xiaohongshu']
    let other = 0
    for (const key of inOther) other += await bar(key)
    assert.equal(other, 59)
    const douyin = await bar('douyin')
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

    // A platform inside 其他 taps through to exactly its accounts (back on the summary, as a leader goes).
    await page.goBack()
    await page.locator('.ring-value:visible', { hasText: '99.3%' }).waitFor()
    await page.locator('.bar-row[data-bar="douyin"]:visible').click()
    await page.getByText(`共 ${douyin} 个`, { exact: false }).first().waitFor()
    assert.equal(await page.locator('.chip-active', { hasText: '抖音' }).count(), 1)
  } finally {
    await phone.close()
    await server.stop()
  }
}

/**
 * Going straight back never leaves a blank page: the leader taps a unit and goes back as soon as
 * its issues show, eight times. (With Taro's default 50 ms animation delay the page gone back to
 * stayed hidden 7 times in 10.)
 */
export async function quickBackShowsThePageAgain(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'leader', '检查概况')
    for (let i = 0; i < 8; i++) {
      await page.locator('.ring-value:visible', { hasText: '99.3%' }).waitFor()
      await page.locator('.bar-row[data-bar="unit-d-city-wjw"]:visible').click()
      await page.locator('.issue-account:visible', { hasText: '健康无锡' }).first().waitFor()
      await page.goBack()
      const shown = await page.locator('.ring-value:visible', { hasText: '99.3%' }).waitFor({ timeout: 3000 }).then(() => true, () => false)
      assert.ok(shown, `the summary is blank after going back (round ${i + 1})`)
    }
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

/**
 * The inspector flags a good practice of 无锡交通 from its checklist, with a screenshot, through
 * the outbox; the admin finds it under 互动回应, rewords it, picks it, and the circular's
 * section 二 names the account with the admin's words.
 */
export async function practiceFromChecklistToCircular(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const desk = await openPhone()
  try {
    const { page } = phone
    await signIn(page, server, 'inspector', '开始检查')
    await page.locator('.account[data-account="无锡交通"]').first().click()
    await page.locator('.inspect-practice-link').click()
    await page.locator('.practice-account', { hasText: '无锡交通' }).waitFor()
    await page.locator('.practice-submit').click()
    await page.locator('.error-text', { hasText: '请选择做法类别' }).waitFor()
    await page.locator('.practice-theme[data-theme="interaction"]').click()
    await page.locator('.practice-note textarea').fill('家长在公众号留言，工作日当天都有回复')
    const chooser = page.waitForEvent('filechooser')
    await page.locator('.picker-add').click()
    const shot = await sharp({ create: { width: 390, height: 844, channels: 3, background: { r: 30, g: 160, b: 90 } } }).png().toBuffer()
    await (await chooser).setFiles({ name: 'good.png', mimeType: 'image/png', buffer: shot })
    await page.locator('.picker-thumb').first().waitFor()
    assert.deepEqual(await measure(page, 'practice'), [])
    await screenshot(page, '44-practice', true)
    await page.locator('.practice-submit').click()
    await page.locator('.practice-queued-text', { hasText: '已上传' }).waitFor()

    const admin = desk.page
    await admin.goto(`${server.url}/`)
    await admin.locator('[data-username="admin"]').click()
    await admin.locator('.home-action-title', { hasText: '检查概况' }).click()
    await admin.locator('.summary-practices').click()
    const item = admin.locator('.practices-group[data-theme="interaction"] .practice-item[data-account="无锡交通"]')
    await item.locator('.practice-item-text', { hasText: '家长在公众号留言' }).waitFor()
    assert.equal(await item.locator('.practice-img').count(), 1, 'the screenshot came with it')
    await item.locator('.practice-reword').click()
    const wording = '开通家长留言“当日回复”机制，工作日留言当天答复。'
    await item.locator('.practice-wording textarea').fill(wording)
    await item.locator('.practice-save').click()
    await item.locator('.practice-item-text', { hasText: wording }).waitFor()
    await item.locator('.practice-pick').click()
    await item.locator('.tag-pass', { hasText: '已选入通报' }).waitFor()
    assert.match(await admin.locator('.practices-count').innerText(), /已选入通报 4 条/)
    assert.deepEqual(await measure(admin, 'practices'), [])
    await screenshot(admin, '45-practices', true)

    await admin.goBack()
    await admin.locator('.summary-circular:visible').click()
    await admin.locator('.circular-paper .circular-para', { hasText: `「无锡交通」${wording}` }).waitFor()
    await admin.locator('.circular-paper .circular-sub', { hasText: '（二）互动回应方面。' }).waitFor()
  } finally {
    await phone.close()
    await desk.close()
    await server.stop()
  }
}
