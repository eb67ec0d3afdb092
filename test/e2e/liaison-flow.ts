import assert from 'node:assert/strict'
import { openPhone, screenshot, startDemoServer } from './harness'

export async function liaisonSeesOnlyOwnDepartment(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="liaison-wjw"]').click()
    await page.getByText('本单位问题清单', { exact: true }).click()
    await page.locator('.issue').first().waitFor()
    const accounts = await page.locator('.issue-account').allInnerTexts()
    assert.deepEqual(accounts, ['健康无锡'])
    assert.equal(await page.locator('.issues-dept').innerText(), '无锡市卫生健康委员会')
    await screenshot(page, '8-liaison-issues')
  } finally {
    await phone.close()
    await server.stop()
  }
}
