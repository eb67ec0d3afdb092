import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { openPhone, screenshot, startDemoServer } from './harness'

export async function liaisonSeesOnlyOwnDepartment(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="liaison-wjw"]').click()
    // Home: where the department stands, at a glance.
    await page.getByText('本单位整改情况').waitFor()
    // The demo's clock stands on 2024-07-10, nine days before the deadline.
    await page.locator('.home-rect').getByText('剩余 9 天').waitFor()
    assert.deepEqual(await page.locator('.home-rect .home-stat-value').allInnerTexts(), ['1', '0', '0', '0'])
    await screenshot(page, '8a-liaison-home')
    await page.getByText('本单位问题清单', { exact: true }).click()
    await page.locator('.issue').first().waitFor()
    const accounts = await page.locator('.issue-account').allInnerTexts()
    assert.deepEqual(accounts, ['健康无锡'])
    assert.equal(await page.locator('.issues-dept').innerText(), '无锡市卫生健康委员会')
    await screenshot(page, '8-liaison-issues')
    // 导出 Excel: the browser downloads the department's list.
    const download = page.waitForEvent('download')
    await page.locator('.issues-export').click()
    const file = await (await download).path()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer)
    const sheet = book.getWorksheet('问题清单')
    assert.equal(sheet?.getCell('A1').value, '2024年第二季度政务新媒体检查问题清单（无锡市卫生健康委员会）')
    assert.equal(sheet?.getCell('B3').value, '健康无锡')
    // The round filter: every round names each issue's round; a single round can be exported again.
    await page.locator('.issues-rounds .chip', { hasText: '全部批次' }).click()
    await page.getByText('2024年第二季度 · 监测时间点', { exact: false }).first().waitFor()
    assert.equal(await page.locator('.issues-export').count(), 0)
    await page.locator('.issues-rounds .chip', { hasText: '2024年第二季度' }).click()
    await page.locator('.issues-export').waitFor()
    assert.deepEqual(await page.locator('.issue-account').allInnerTexts(), ['健康无锡'])
  } finally {
    await phone.close()
    await server.stop()
  }
}

/** A department's list shared to a WeChat chat: opening it asks for a login, and the role decides. */
export async function sharedListRequiresTheRightRole(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const shared = `${server.url}/#/packages/issues/pages/list/index?departmentId=d-city-wjw&roundId=r-2024q2`
  try {
    await page.goto(shared)
    await page.locator('[data-username="liaison-xishan"]').click()
    await page.getByText('您只能查看本单位的问题清单').waitFor()
    await screenshot(page, '16-shared-list-refused')
    await page.evaluate(() => localStorage.clear())
    await page.goto(shared)
    await page.reload()
    await page.locator('[data-username="liaison-wjw"]').click()
    await page.locator('.issue-account').first().waitFor()
    assert.deepEqual(await page.locator('.issue-account').allInnerTexts(), ['健康无锡'])
  } finally {
    await phone.close()
    await server.stop()
  }
}
