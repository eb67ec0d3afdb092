import assert from 'node:assert/strict'
import { openPhone, screenshot, signIn, startDemoServer, textsWhen } from './harness'

/** An admin creates a person (bind code as text and QR code), deactivates them, and reads the history. */
export async function adminManagesPeople(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '人员管理')
    await page.locator('.person-row').first().waitFor()
    await page.locator('.people-add').click()
    await page.locator('.people-form input').first().fill('赵磊')
    await page.locator('.people-roles .chip', { hasText: '联络员' }).click()
    await page.locator('.dept-picker input').fill('锡山区')
    await page.locator('.dept-picker .chip', { hasText: '锡山区人民政府' }).first().click()
    await page.getByText('所属单位：锡山区人民政府').waitFor()
    await page.locator('.people-create').click()
    await page.locator('.person-code-text').waitFor()
    const code = (await page.locator('.person-code-text').innerText()).trim()
    assert.match(code, /^[A-Z0-9]{8}$/)
    await page.locator('.person-qr .qr').waitFor()
    assert.equal(await page.locator('.person-qr .qr').getAttribute('data-qr'), code)
    await screenshot(page, '22-person-created', true)

    await page.locator('.person-deactivate').click()
    await page.locator('.taro-modal__foot').getByText('停用', { exact: true }).click()
    await page.locator('.tag-fail:visible', { hasText: '已停用' }).first().waitFor()
    await page.getByText('停用了人员「赵磊」', { exact: false }).waitFor()
    await page.getByText('新建人员「赵磊」（联络员）', { exact: false }).waitFor()
    await screenshot(page, '23-person-history', true)

    // The office's whole trail, newest first, in plain Chinese.
    await page.goto(`${server.url}/#/packages/admin/pages/audit/index`)
    // The list may render twice (what the store held, then the fresh page): read one settled copy.
    const lines = await textsWhen(page.locator('.audit-item .audit-text'), (t) => t[0] === '王珊 停用了人员「赵磊」')
    assert.ok(lines.includes('王珊 新建人员「赵磊」（联络员）'), lines.join('\n'))
  } finally {
    await phone.close()
    await server.stop()
  }
}
