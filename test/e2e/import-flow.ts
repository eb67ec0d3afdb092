import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { openPhone, pickSpreadsheet as pick, screenshot, signIn, startDemoServer } from './harness'
import { measure } from './sizes'

/** 30 accounts of 滨湖区 as its office keeps them: a title row, synonyms for headers, two bad rows. */
async function registry(fixed: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const s = book.addWorksheet('台账')
  s.addRow(['滨湖区政务新媒体账号台账（2024年6月）'])
  s.addRow(['政务新媒体名称', '平台', '开办主体', '主管单位', '微信号', '状态', '运维人员', '联系电话'])
  const platforms = ['微信公众号', '新浪微博', '抖音', '今日头条', '客户端/APP']
  for (let i = 1; i <= 30; i++) {
    const platform = i === 7 && !fixed ? '网站' : (platforms[i % platforms.length] as string)
    const phone = i === 19 && !fixed ? '电话待定' : `1391234${String(i).padStart(4, '0')}`
    s.addRow([`滨湖测试号${i}`, platform, `滨湖区测试单位${i % 6}`, '滨湖区人民政府', `bhcs${i}`, '运行', `运维${i}`, phone])
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** An admin imports a registry with two bad rows, reads and downloads the errors, fixes the file and commits. */
export async function adminImportsRegistry(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '导入账号台账')
    // A phone's browser: the words say where the file is (「电脑上的」 only at a desk).
    await page.getByText('选择手机上的台账表格', { exact: false }).waitFor()
    assert.equal(await page.getByText('选择电脑上的台账表格').count(), 0)
    await screenshot(page, '30-import-empty')

    await pick(page, '选择表格文件', '滨湖区台账.xlsx', await registry(false))
    await page.getByText('预览：共 30 个账号行').waitFor()
    await page.getByText('需要修正（2 处）').waitFor()
    await page.getByText('第9行 · 平台').waitFor()
    await page.getByText('第21行 · 联系电话').waitFor()
    assert.equal(await page.locator('.import-column').count(), 8)
    assert.deepEqual(await page.locator('.import-column .tag').allInnerTexts(), ['账号名称', '平台类型', '主办单位', '主管单位', '账号ID或链接', '状态', '运维人员', '联系电话'])
    assert.match((await page.locator('.import-submit .nut-button').getAttribute('class')) ?? '', /nut-button-disabled/)
    await screenshot(page, '31-import-errors', true)
    assert.deepEqual(await measure(page, 'import preview'), [])
    // The city's other accounts are not in this district's sheet: listed, closed only if ticked.
    await page.getByText('同时将这些账号标为注销').waitFor()
    assert.equal(await page.locator('.import-check-on').count(), 0)

    // The rows with errors come down as a sheet with the reason beside each.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.import-download:visible').click()])
    const file = await download.path()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0] as ExcelJS.Worksheet
    assert.equal(sheet.rowCount, 3)
    assert.equal(String(sheet.getRow(2).getCell(1).value), '滨湖测试号7')
    assert.match(String(sheet.getRow(2).getCell(9).value), /无法识别的平台类型「网站」/)

    // Fixed in the file, picked again: 30 new accounts, committed after a confirmation.
    await pick(page, '重新选择文件', '滨湖区台账-修正.xlsx', await registry(true))
    await page.getByText('确认导入 30 个账号').waitFor()
    assert.equal(await page.locator('.import-count-n').first().innerText(), '30')
    await page.locator('.import-submit .nut-button').click()
    await page.locator('.taro-modal__foot').getByText('导入', { exact: true }).click()
    await page.getByText('导入完成').waitFor()
    await screenshot(page, '32-import-done')

    // The registry has them: the audit trail says so, and a second import changes nothing.
    await page.goto(`${server.url}/#/packages/admin/pages/audit/index`)
    await page.getByText('王珊 导入了台账「滨湖区台账-修正.xlsx」：新增 30，更新 0，注销 0').waitFor()
    await page.goto(`${server.url}/#/packages/admin/pages/import/index`)
    await pick(page, '选择表格文件', '滨湖区台账-修正.xlsx', await registry(true))
    await page.getByText('预览：共 30 个账号行').waitFor()
    assert.deepEqual(await page.locator('.import-count-n').allInnerTexts(), ['0', '0', '30', '0'])
  } finally {
    await phone.close()
    await server.stop()
  }
}
