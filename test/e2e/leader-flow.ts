import assert from 'node:assert/strict'
import { openPhone, screenshot, startDemoServer } from './harness'

export async function leaderSeesFiguresAndAllProblems(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="leader"]').click()
    await page.locator('.home-rate-value').waitFor()
    assert.equal(await page.locator('.home-rate-value').innerText(), '99.3')
    const figures = await page.locator('.home-breakdown-value').allInnerTexts()
    assert.deepEqual(figures, ['299', '63', '4', '59', '112', '313'])
    assert.equal(await page.getByText('开始检查', { exact: true }).count(), 0, 'a leader does not inspect')
    await page.getByText('问题清单', { exact: true }).click()
    await page.locator('.issue').nth(2).waitFor()
    const accounts = (await page.locator('.issue-account').allInnerTexts()).sort()
    assert.deepEqual(accounts, ['健康无锡', '经开综合执法', '锡山发改'].sort())
    await screenshot(page, '9-leader-all-issues', true)
  } finally {
    await phone.close()
    await server.stop()
  }
}
