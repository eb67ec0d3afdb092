import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { locateEngine } from '../../server/ocr/engine'
import { article, renderScreens } from '../ocr/screens'
import { chromium } from 'playwright-core'
import sharp from 'sharp'
import { writeFileSync } from 'node:fs'
import { openPhone, screenshot, signIn, startDemoServer, textsWhen } from './harness'
import { measure } from './sizes'

/**
 * With OCR on: an inspector attaches an article list to the update-lag item, the app proposes
 * the latest post date it shows, and one tap accepts it; an article with planted wording errors
 * attached to another item shows them as 疑似错敏词, one confirmed (the wording item fails with
 * the quote), one dismissed. Needs the optional OCR install (npm run ocr:setup; CI has it).
 */
export async function screenshotsReadThemselves(): Promise<void> {
  const found = locateEngine()
  if (!found.ok) {
    // Optional for a developer; .ci/run installs it and sets REQUIRE_OCR=1.
    if (process.env.REQUIRE_OCR === '1') throw new Error(`OCR is required (REQUIRE_OCR=1) but not installed (${found.reason}): npm run ocr:setup`)
    console.log(`  skipped: OCR is not installed (${found.reason})`)
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'gnm-ocr-e2e-'))
  const screens = await renderScreens(dir)
  const list = screens.find((s) => s.name === 'wechat-list-dated' && s.variant === 'png')?.file as string
  const article = screens.find((s) => s.name === 'article-errors-1' && s.variant === 'png')?.file as string
  const server = await startDemoServer({ ocr: true })
  const phone = await openPhone()
  const { page } = phone
  try {
    assert.match(server.output(), /文字识别：已开启/)
    await signIn(page, server, 'inspector', '开始检查')
    await page.locator('.account').first().waitFor()
    await page.locator('.search-input input').fill('健康无锡')
    await page.locator('.search-btn').click()
    await page.waitForFunction(`(document.querySelector('.account') || { getAttribute: () => null }).getAttribute('data-account') === '健康无锡'`, undefined, { timeout: 10000 })
    await page.locator('.account[data-account="健康无锡"]').first().click()
    await page.locator('.inspect-head').waitFor()

    // The update-lag item takes a screenshot before any date is chosen.
    const upd = page.locator('#ind-UPD-1')
    const chooser = page.waitForEvent('filechooser')
    await upd.locator('.photo-add').click()
    await (await chooser).setFiles(list)
    await upd.locator('.photo').first().waitFor()
    // Sent, read by the server's OCR (a few seconds), then offered with the date resolved.
    await upd.locator('.proposal-text').waitFor({ timeout: 60000 })
    assert.equal(await upd.locator('.proposal-text').innerText(), '截图显示最新发布：6月18日')
    await screenshot(page, '40-ocr-date-proposed')
    assert.deepEqual(await measure(page, 'inspect with a proposal'), [])
    await upd.locator('.proposal-accept').click()
    await upd.getByText('已采用').first().waitFor()
    assert.equal(await upd.locator('.date-value').innerText(), '2024年6月18日')
    await upd.getByText('距监测时间点 7 天，更新正常').waitFor()

    // An article with wording errors attached to the interaction item (failed for another reason).
    const int = page.locator('#ind-INT-1')
    await int.locator('.seg-fail').click()
    await int.locator('.failure-note textarea').fill('留言功能无法提交')
    const chooser2 = page.waitForEvent('filechooser')
    await int.locator('.photo-add').click()
    await (await chooser2).setFiles(article)
    await page.locator('.wording-hit').first().waitFor({ timeout: 60000 })
    const wrong = await textsWhen(page.locator('.wording-hit .wording-wrong'), (t) => t.length === 3)
    assert.deepEqual([...wrong].sort(), ['不忘出心', '中华人名共和国', '营商环竟'].sort())
    await page.locator('.wording-crop img').first().waitFor()
    await page.locator('.wording').scrollIntoViewIfNeeded()
    await screenshot(page, '41-ocr-wording-hits')
    assert.deepEqual(await measure(page, 'inspect with wording hits'), [])

    const hit = (w: string) => page.locator('.wording-hit', { has: page.locator('.wording-wrong', { hasText: w }) })
    await hit('中华人名共和国').locator('.wording-confirm').click()
    await hit('营商环竟').locator('.wording-dismiss').click()
    await textsWhen(page.locator('.wording-hit .wording-wrong'), (t) => t.length === 1 && t[0] === '不忘出心')
    // The wording item (严重表述错误) now fails with the quote, and carries the screenshot.
    const sec = page.locator('#ind-SEC-1')
    assert.match(await sec.locator('.failure-note textarea').inputValue(), /截图文字「《中华人名共和国行政处罚法》有关规定。」中「中华人名共和国」应为「中华人民共和国」/)
    assert.equal(await sec.locator('.photo').count(), 1)
    await sec.scrollIntoViewIfNeeded()
    await screenshot(page, '42-ocr-confirmed')

    // Submitted, the screenshots' text is findable across the round: which accounts showed 「营商环竟」.
    await page.locator('#ind-SEC-1 .seg-fail').waitFor()
    for (const code of ['SEC-2', 'SEC-3', 'SEC-4', 'SEC-5']) await page.locator(`#ind-${code} .seg-pass`).click()
    await page.locator('.inspect-footer .submit-btn').click()
    await page.getByText('已提交：不合格').waitFor({ timeout: 20000 })
    await page.getByText('已同步到服务器', { exact: false }).waitFor({ timeout: 20000 })
    await page.goto(`${server.url}/#/packages/summary/pages/search/index?roundId=r-2024q2`)
    await page.locator('.search-field input').fill('营商 环竟')
    await page.locator('.search-go').click()
    await page.locator('.search-hit[data-account="健康无锡"]').first().waitFor({ timeout: 20000 })
    assert.match(await page.locator('.search-state').first().innerText(), /1 个账号的 1 张截图出现「营商环竟」/)
    assert.equal(await page.locator('.search-hit .search-mark').first().innerText(), '营商环竟')
    await screenshot(page, '43-ocr-search')
    assert.deepEqual(await measure(page, 'search'), [])

    // The admin's dictionary: shipped entries with their sources, and the office's own.
    const admin = await openPhone()
    try {
      await signIn(admin.page, server, 'admin', '错敏词库')
      await admin.page.locator('.wording-categories').getByText('成语', { exact: false }).first().waitFor()
      await admin.page.locator('.wording-search input').fill('中华人')
      await admin.page.getByText('依据：《中华人民共和国宪法》').first().waitFor()
      await admin.page.locator('.wording-search input').fill('')
      const inputs = admin.page.locator('.wording-input input')
      await inputs.nth(0).fill('东港真')
      await inputs.nth(1).fill('东港镇')
      await inputs.nth(2).fill('《锡山区行政区划》')
      await admin.page.locator('.wording-add').click()
      await admin.page.locator('.wording-item[data-wrong="东港真"]').waitFor()
      await screenshot(admin.page, '44-wording-dictionary')
      assert.deepEqual(await measure(admin.page, 'wording'), [])
    } finally {
      await admin.close()
    }
  } finally {
    await phone.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The proofreader on a screenshot as an office would meet it: the admin puts the vice-mayor in the
 * leaders' table, an inspector attaches an article that writes him as 市长 and misspells an idiom
 * with a homophone; the 疑似错敏词 card names both, each with its reason. Then the admin types a
 * 付 for 副 into the circular and sees the hint under the field, and saves anyway.
 */
export async function proofreaderNamesTheReason(): Promise<void> {
  const found = locateEngine()
  if (!found.ok) {
    if (process.env.REQUIRE_OCR === '1') throw new Error(`OCR is required (REQUIRE_OCR=1) but not installed (${found.reason}): npm run ocr:setup`)
    console.log(`  skipped: OCR is not installed (${found.reason})`)
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'gnm-proof-e2e-'))
  const file = join(dir, 'article.png')
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
  try {
    const tab = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })).newPage()
    await tab.setContent(
      article('全市防汛工作会议召开', '健康无锡', '2024-07-08 18:30', [
        '7月8日，全市防汛工作会议召开，市长王建国出席会议并讲话。',
        '会议要求，各部门要在接再厉，压紧压实防汛责任，确保安全度汛。',
        '会议强调，要坚持人民至上、生命至上，扎实做好各项准备。'
      ])
    )
    await tab.evaluate(() => document.fonts.ready)
    writeFileSync(file, await sharp(await tab.screenshot({ type: 'png' })).png().toBuffer())
  } finally {
    await browser.close()
  }
  const server = await startDemoServer({ ocr: true })
  const phone = await openPhone()
  const { page } = phone
  try {
    const call = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body)
      })
      return res.json() as Promise<Record<string, unknown>>
    }
    const admin = (await call('/auth/demo', { method: 'POST', body: { username: 'admin' } })).token as string
    await call('/leaders', { method: 'POST', token: admin, body: { name: '王建国', title: '市委常委、常务副市长', since: '2024-03-01' } })

    await signIn(page, server, 'inspector', '开始检查')
    await page.locator('.account').first().waitFor()
    await page.locator('.account').first().click()
    await page.locator('.inspect-head').waitFor()
    const int = page.locator('#ind-INT-1')
    await int.locator('.seg-fail').click()
    await int.locator('.failure-note textarea').fill('留言功能无法提交')
    const chooser = page.waitForEvent('filechooser')
    await int.locator('.photo-add').click()
    await (await chooser).setFiles(file)
    await page.locator('.wording-hit').first().waitFor({ timeout: 60000 })
    const wrong = await textsWhen(page.locator('.wording-hit .wording-wrong'), (t) => t.length === 2)
    assert.deepEqual([...wrong].sort(), ['在接再厉', '市长王建国'].sort())
    const reasons = await page.locator('.wording-hit .wording-reason').allInnerTexts()
    assert.ok(reasons.includes('成语（同音）：在→再，见『再接再厉』'), reasons.join(' | '))
    assert.ok(reasons.includes('职务：王建国现任市委常委、常务副市长（2024年3月起）'), reasons.join(' | '))
    const rights = await page.locator('.wording-hit .wording-right').allInnerTexts()
    assert.ok(rights.includes('常务副市长王建国'), rights.join(' | '))
    await page.locator('.wording').scrollIntoViewIfNeeded()
    await screenshot(page, '66-proofread-card')
    assert.deepEqual(await measure(page, 'inspect with proofreading hits'), [])

    // The circular: a 付 for 副 typed into 下一步工作要求 is hinted under the field; saving still works.
    const desk = await openPhone()
    try {
      await signIn(desk.page, server, 'admin')
      await desk.page.locator('.home-action-title', { hasText: '检查概况' }).click()
      await desk.page.locator('.summary-circular').click()
      await desk.page.locator('.circular-heading', { hasText: '三、存在问题' }).waitFor()
      await desk.page.locator('.circular-toggle').click()
      const next = desk.page.locator('.circular-next textarea')
      await next.fill('请各单位于7月31日前将整改情况报付市长办公室。')
      await desk.page.locator('.proofread-hint').waitFor({ timeout: 10000 })
      assert.match(await desk.page.locator('.proofread-hint').innerText(), /付市长 → 副市长[\s\S]*职务（同音）：付→副，见『副市长』/)
      await desk.page.locator('.proofread-hint').scrollIntoViewIfNeeded()
      await screenshot(desk.page, '67-proofread-circular-hint')
      await desk.page.locator('.circular-save').click()
      await desk.page.locator('.circular-paper .circular-para', { hasText: '付市长办公室' }).waitFor()
    } finally {
      await desk.close()
    }
  } finally {
    await phone.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
