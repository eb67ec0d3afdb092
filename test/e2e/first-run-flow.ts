import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import { openPhone, pickSpreadsheet, screenshot, startDemoServer } from './harness'
import { measure, measureLayout } from './sizes'

/** A new office's own sheet: two units, three accounts, its own header words. */
async function registry(): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.addWorksheet('台账').addRows([
    ['清江市政务新媒体台账'],
    ['序号', '账号名称', '平台', '开办主体', '主管单位', '级别', '状态', '运维人员', '联系电话'],
    [1, '清江发布', '微信公众号', '清江市人民政府办公室', '清江市人民政府办公室', '市级', '正常', '赵敏', '13900001111'],
    [2, '健康清江', '微信公众号', '清江市卫生健康委员会', '清江市卫生健康委员会', '市级', '正常', '钱伟', '13900002222'],
    [3, '清江卫健', '抖音', '清江市卫生健康委员会', '清江市卫生健康委员会', '市级', '正常', '钱伟', '13900002222']
  ])
  return Buffer.from(await book.xlsx.writeBuffer())
}

/**
 * README's "Outside the demo", in a browser from the first minute: the operator creates the first
 * admin on the command line; the admin signs in at a desk with the bind code alone; home shows
 * the four setup steps with where each stands; importing the registry and adding an inspector
 * move them on; the inspector signs in on a phone's browser with their own code and is told what
 * happens next. Every step is reached by taps from home.
 */
export async function firstRunInABrowser(): Promise<void> {
  const server = await startDemoServer({ demo: false })
  const desk = await openPhone({ width: 1280, height: 800, scale: 1 })
  const phone = await openPhone()
  try {
    const admin = JSON.parse(server.admin?.(['create-user', '--name', '孙丽', '--role', 'admin', '--json']) ?? '{}') as { bindCode: string }
    assert.match(admin.bindCode, /^[A-Z0-9]{8}$/)

    const page = desk.page
    await page.goto(`${server.url}/`)
    await page.locator('.login-code-card').waitFor()
    await page.locator('.login-code-card input').fill('ABCD EFGH')
    await page.locator('.login-bind-btn').click()
    await page.locator('.login-code-card .error-text').waitFor()
    assert.match(await page.locator('.login-code-card .error-text').innerText(), /绑定码不正确/)
    await screenshot(page, '70-desk-login')
    await page.locator('.login-code-card input').fill(admin.bindCode.toLowerCase())
    const started = Date.now()
    await page.locator('.login-bind-btn').click()
    await page.getByText('孙丽，您好').waitFor()
    await page.locator('.home-setup').waitFor()
    console.log(`  desk: signed in with the bind code and saw the setup steps in ${Date.now() - started} ms`)
    const steps = await page.locator('.home-setup-step').allInnerTexts()
    assert.equal(steps.length, 4)
    assert.match(steps[0] ?? '', /导入账号台账[\s\S]*还没有账号/)
    assert.match(steps[1] ?? '', /添加人员[\s\S]*还没有检查员和联络员/)
    assert.match(steps[2] ?? '', /检查指标[\s\S]*已发布 \d+ 个指标版本/)
    assert.match(steps[3] ?? '', /新建检查批次[\s\S]*还没有检查批次/)
    // The admin's tiles are there from the first minute.
    for (const tile of ['人员管理', '账号台账', '检查批次', '检查指标', '导入账号台账', '操作记录']) await page.locator('.home-action', { hasText: tile }).first().waitFor()
    await screenshot(page, '71-desk-first-run-home', true)
    const problems = [...(await measure(page, 'first-run home (desk)')), ...(await measureLayout(page, 'first-run home (desk)'))]
    assert.deepEqual(problems, [])

    // Step 1 by tap: the registry.
    await page.locator('.home-setup-step[data-step="registry"]').click()
    await pickSpreadsheet(page, '选择表格文件', '清江市台账.xlsx', await registry())
    await page.getByText('预览：共 3 个账号行').waitFor()
    await page.locator('.import-submit .nut-button').click()
    await page.locator('.taro-modal__foot').getByText('导入', { exact: true }).click()
    await page.getByText('导入完成').waitFor()
    await page.goto(`${server.url}/#/pages/home/index`)
    await page.locator('.home-setup-step[data-step="registry"]', { hasText: '已导入 3 个账号、' }).waitFor()

    // Step 2 by tap: an inspector, and their code.
    await page.locator('.home-setup-step[data-step="people"]').click()
    await page.locator('.people-add').click()
    await page.locator('.people-form input').first().fill('周洋')
    await page.locator('.people-roles .chip', { hasText: '检查员' }).click()
    await page.locator('.people-create').click()
    await page.locator('.person-code-text').waitFor()
    const code = (await page.locator('.person-code-text').innerText()).replace(/\s/g, '')
    assert.match(code, /^[A-Z0-9]{8}$/)
    await page.goto(`${server.url}/#/pages/home/index`)
    await page.locator('.home-setup-step[data-step="people"]', { hasText: '1 名检查员、0 名联络员' }).waitFor()
    await screenshot(page, '72-desk-setup-progress', true)

    // The inspector, on a phone's browser: their code, then home says what comes next.
    await phone.page.goto(`${server.url}/`)
    await phone.page.locator('.login-code-card input').fill(code)
    await phone.page.locator('.login-bind-btn').click()
    await phone.page.getByText('周洋，您好').waitFor()
    await phone.page.getByText('还没有检查任务').waitFor()
    await phone.page.getByText('管理员新建并开启检查批次', { exact: false }).waitFor()
    await screenshot(phone.page, '73-phone-inspector-waiting')
  } finally {
    await Promise.all([desk.close(), phone.close()])
    await server.stop()
  }
}
