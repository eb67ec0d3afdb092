import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { openPhone, screenshot, signIn, startDemoServer } from './harness'

async function screenshotFile(name: string, shade: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'gnm-fix-')), name)
  writeFileSync(path, await sharp({ create: { width: 750, height: 1334, channels: 3, background: { r: 240, g: shade, b: 250 } } }).png().toBuffer())
  return path
}

/** The finding's own screenshot, fetched from the server and saved again as JPEG: a copy that proves nothing. */
async function findingCopy(base: string, issueAccount: string): Promise<string> {
  const { token } = (await (await fetch(`${base}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'inspector' }) })).json()) as { token: string }
  const auth = { authorization: `Bearer ${token}` }
  const issues = (await (await fetch(`${base}/api/v1/departments/d-city-wjw/issues`, { headers: auth })).json()) as { items: { account: { name: string }; evidence: string[] }[] }
  const sha = issues.items.find((i) => i.account.name === issueAccount)?.evidence[0] ?? ''
  const bytes = Buffer.from(await (await fetch(`${base}/api/v1/evidence/${sha}`, { headers: auth })).arrayBuffer())
  const path = join(mkdtempSync(join(tmpdir(), 'gnm-fix-')), '修复后.jpg')
  writeFileSync(path, await sharp(bytes).jpeg({ quality: 70 }).toBuffer())
  return path
}

/** A liaison's answer on the issue page: a note, one screenshot, through the outbox to 已反馈. */
export async function answer(page: Page, note: string, file: string): Promise<void> {
  await page.locator('.answer-note textarea').fill(note)
  const chooser = page.waitForEvent('filechooser')
  await page.locator('.answer-form .picker-add').click()
  await (await chooser).setFiles(file)
  await page.locator('.answer-form .picker-cell').first().waitFor()
  await page.locator('.answer-submit').click()
  await page.getByText('整改反馈已提交').waitFor()
  // Through the outbox: saved at once, then synced and shown with the server's status.
  await page.locator('.issue-head .tag-info').filter({ hasText: '已反馈' }).waitFor({ timeout: 20000 })
}

async function totals(page: Page): Promise<Record<string, string>> {
  await page.locator('.overview-total-value').first().waitFor()
  const labels = await page.locator('.overview-total-label').allInnerTexts()
  const values = await page.locator('.overview-total-value').allInnerTexts()
  return Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']))
}

/**
 * 健康无锡's liaison answers with the finding's own screenshot saved again; the inspector is
 * shown it repeats the finding's and returns it with a reason; the liaison answers again with a
 * new screenshot (not flagged); the inspector confirms; the leader's counts follow.
 */
export async function rectificationLoop(): Promise<void> {
  const server = await startDemoServer()
  const leader = await openPhone()
  const liaison = await openPhone()
  const inspector = await openPhone()
  try {
    await signIn(leader.page, server, 'leader', '整改情况')
    assert.deepEqual(await totals(leader.page), { 待整改: '3', 已反馈: '0', 已确认: '0', 其中逾期: '0' })

    await signIn(liaison.page, server, 'liaison-wjw', '本单位问题清单')
    await liaison.page.locator('.issue-account').first().waitFor()
    assert.deepEqual(await liaison.page.locator('.issue-account').allInnerTexts(), ['健康无锡'])
    await liaison.page.locator('.issue').first().click()
    await liaison.page.locator('.answer-form').waitFor()
    await answer(liaison.page, '已修复“在线咨询”子菜单，恢复留言功能', await findingCopy(server.url, '健康无锡'))
    await screenshot(liaison.page, '13-liaison-answered', true)

    await signIn(inspector.page, server, 'inspector', '审核整改反馈')
    await inspector.page.locator('.issue').first().click()
    await inspector.page.locator('.review-form').waitFor()
    // The answer's screenshot is the finding's, saved again: the reviewer is told, with both side by side.
    const flag = inspector.page.locator('.evidence-flag-similar[data-source="finding"]')
    await flag.getByText('与检查发现问题时的截图高度相似', { exact: false }).waitFor()
    assert.equal(await flag.locator('.gallery-img').count(), 2)
    await flag.scrollIntoViewIfNeeded()
    await screenshot(inspector.page, '13c-evidence-flag')
    await inspector.page.locator('.review-form textarea').fill('截图未显示留言可以成功提交，请补充')
    await inspector.page.locator('.review-return').click()
    await inspector.page.locator('.issue-head .tag-fail').filter({ hasText: '退回' }).waitFor()
    await inspector.page.getByText('已退回，联络员会看到原因').waitFor()

    await liaison.page.goto(`${server.url}/#/pages/home/index`)
    await liaison.page.reload()
    await liaison.page.getByText('被退回的 1 个：请查看退回原因，整改后重新反馈').waitFor()
    await screenshot(liaison.page, '13b-liaison-home-returned')
    await liaison.page.getByText('本单位问题清单', { exact: true }).click()
    await liaison.page.getByText('退回原因：截图未显示留言可以成功提交，请补充').waitFor()
    await liaison.page.locator('.issue').first().click()
    await liaison.page.locator('.issue-returned-banner').getByText('截图未显示留言可以成功提交，请补充').waitFor()
    await answer(liaison.page, '补充：留言提交成功的截图', await screenshotFile('留言成功.png', 90))

    await inspector.page.reload()
    await inspector.page.locator('.review-verify').waitFor()
    assert.equal(await inspector.page.locator('.evidence-flag').count(), 1, 'the new screenshot is not flagged')
    await inspector.page.locator('.review-verify').click()
    // 确认整改 asks first.
    await inspector.page.locator('.taro-modal__content').getByText('确认后不能再退回', { exact: false }).waitFor()
    await inspector.page.locator('.taro-modal__foot').getByText('确认整改').click()
    await inspector.page.getByText('已确认整改').first().waitFor()
    await inspector.page.locator('.issue-head .tag-pass').filter({ hasText: '已确认' }).waitFor()
    const actions = await inspector.page.locator('.timeline-action').allInnerTexts()
    assert.deepEqual(actions, ['检查发现', '联络员反馈', '退回', '联络员反馈', '确认整改'])
    await screenshot(inspector.page, '14-issue-verified', true)

    await leader.page.reload()
    assert.deepEqual(await totals(leader.page), { 待整改: '2', 已反馈: '0', 已确认: '1', 其中逾期: '0' })
    await screenshot(leader.page, '15-leader-overview')
  } finally {
    await Promise.all([leader.close(), liaison.close(), inspector.close()])
    await server.stop()
  }
}
