import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { openPhone, screenshot, signIn, startDemoServer, textsWhen } from './harness'
import { measure } from './sizes'

/** An admin finds accounts by pinyin initials and by abbreviation, walks the tree, exports, and suspends then closes an account. */
export async function adminKeepsRegistry(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '账号台账')
    await page.getByText('共 425 个账号').waitFor()
    await page.getByText('运行 425 · 停更 0 · 注销 0').waitFor()
    await screenshot(page, '33-registry')
    assert.deepEqual(await measure(page, 'registry'), [])

    const search = async (q: string) => {
      await page.locator('.registry-input input').fill(q)
      await page.waitForTimeout(600)
      await page.locator('.registry-account').first().waitFor()
      return page.locator('.registry-account-name').allInnerTexts()
    }
    assert.ok((await search('wxcg')).includes('无锡城管'))
    assert.ok((await search('卫健')).includes('健康无锡'))
    await screenshot(page, '34-registry-search')

    // Down the tree: 锡山区 and its accounts only.
    await page.locator('.registry-input input').fill('')
    await page.waitForTimeout(600)
    await page.locator('.registry-unit[data-unit="锡山区人民政府"]').click()
    await page.locator('.registry-crumb-here', { hasText: '锡山区人民政府' }).waitFor()
    // The crumb shows before the unit's accounts replace the whole list: wait for the list itself.
    const units = await textsWhen(page.locator('.registry-account-unit'), (t) => t.length > 0 && t.every((u) => u.startsWith('锡山区')))
    assert.ok(units.length > 0, units.join(','))

    // The export is the import's layout.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.registry-action', { hasText: '导出台账' }).click()])
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer)
    assert.equal((book.worksheets[0] as ExcelJS.Worksheet).getRow(1).getCell(1).value, '账号名称')

    // 运行 → 停更 (a notice date) → 注销, each dated in the account's record.
    await page.locator('.registry-account').first().click()
    await page.getByText('变更记录', { exact: true }).waitFor()
    const name = (await page.locator('.account-page .hero-title').innerText()).trim()
    await page.locator('.account-button', { hasText: '注销' }).click()
    await page.locator('.taro-modal__foot').getByText('确定', { exact: true }).click()
    await page.locator('.account-page .tag-fail', { hasText: '注销' }).waitFor()
    await page.getByText('注销（未先发布停更公告）').waitFor()
    // Closed without a notice: a finding for its department, said on the account's page.
    await page.locator('.account-finding', { hasText: '注销前未发布停更公告' }).waitFor()
    assert.equal(await page.getByText('改名', { exact: true }).count(), 0)
    await screenshot(page, '35-account-closed', true)
    await page.goBack()
    // After goBack the H5 router may keep a hidden copy of the list page: look at the visible one.
    await page.locator('.chip:visible', { hasText: '注销' }).click()
    // While the filtered page replaces the list, the account can show twice for a moment: one is enough.
    await page.locator('.registry-account-name:visible', { hasText: name }).first().waitFor()
    // The registry's findings: a filter of their own, counted on the unit.
    await page.reload()
    await page.locator('.registry-findings-chip', { hasText: '台账问题 1' }).click()
    await page.locator('.registry-account', { hasText: name }).locator('.registry-account-finding').waitFor()
    // The unfiltered list stays until the filtered page arrives (the closed account is on both): wait for the filter.
    await page.waitForFunction(() => document.querySelectorAll('.registry-account').length === 1, null, { timeout: 10000 }).catch(() => undefined)
    assert.equal(await page.locator('.registry-account').count(), 1)
    await page.locator('.registry-unit-findings', { hasText: '问题 1' }).waitFor()
    await screenshot(page, '38-registry-findings')
  } finally {
    await phone.close()
    await server.stop()
  }
}
