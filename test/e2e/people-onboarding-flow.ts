import assert from 'node:assert/strict'
import sharp from 'sharp'
import { openPhone, screenshot, signIn, startDemoServer, type DemoServer } from './harness'
import { measure, measureLayout } from './sizes'

async function token(server: DemoServer, username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })
  return ((await res.json()) as { token: string }).token
}

async function api(server: DemoServer, as: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
}

/**
 * A whole office's people from a phone's browser: the admin uploads a people sheet, reads the dry
 * run (new, already there, wrong rows with why), creates them in one commit, makes the unit's
 * invitation (QR code), and someone opening it in a browser is told to use WeChat. Then the admin
 * confirms two submitted answers at once from the issue list.
 */
export async function adminBringsInAWholeOffice(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '人员管理')
    await page.locator('.people-bulk').click()
    const csv = ['姓名,所属单位,手机号码,角色', '吴刚,市卫健委,13900008888,联络员', '郑洁,无锡市人民政府办公室,,检查人员', '冯伟,某某局,13900009999,', '陈静,无锡市卫生健康委员会,13900001111,联络员'].join('\n')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.people-import-sheet').click()])
    await chooser.setFiles({ name: '人员名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('.people-import-preview').waitFor()
    assert.match(await page.locator('.people-import-counts').innerText(), /新建 2[\s\S]*已有 1[\s\S]*有误 1/)
    await page.getByText('单位「某某局」不在单位树中', { exact: false }).waitFor()
    await page.getByText('已有同名、同单位、同角色的人员').waitFor()
    await screenshot(page, '80-people-import-preview', true)
    assert.deepEqual([...(await measure(page, 'people import')), ...(await measureLayout(page, 'people import'))], [])
    await page.locator('.people-import-commit').click()
    await page.locator('.taro-modal__foot').getByText('新建', { exact: true }).click()
    await page.getByText('已新建 2 人').waitFor()
    await page.getByText('联络员 1，检查员 1').waitFor()

    await page.locator('.people-import-invite').click()
    await page.locator('.dept-picker input').fill('卫健')
    await page.locator('.dept-picker .chip', { hasText: '无锡市卫生健康委员会' }).first().click()
    await page.locator('.invitations-create').click()
    await page.locator('.invitations-issued .qr').waitFor()
    const issuedToken = await page.locator('.invitations-issued').getAttribute('data-token')
    assert.match(issuedToken ?? '', /^[A-Za-z0-9_-]{20,}$/)
    assert.equal(await page.locator('.invitations-issued .qr').getAttribute('data-qr'), `gnm-join:${issuedToken}`)
    await page.locator('.invitations-item', { hasText: '无锡市卫生健康委员会' }).waitFor()
    await screenshot(page, '81-invitation', true)
    assert.deepEqual([...(await measure(page, 'invitations')), ...(await measureLayout(page, 'invitations'))], [])

    // The invitation opened in a browser: it names the unit and says WeChat is needed.
    await page.goto(`${server.url}/#/pages/join/index?t=${issuedToken}`)
    await page.getByText('「无锡市卫生健康委员会」邀请您作为本单位的联络员').waitFor()
    await page.getByText('请在手机微信中打开这个邀请', { exact: false }).waitFor()
    await screenshot(page, '82-join-in-browser')

    // Answers waiting from two departments; the admin confirms them all at once.
    const png = await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 10, g: 160, b: 90 } } }).png().toBuffer()
    const issues: { id: string; as: string }[] = []
    for (const [username, unit] of [['liaison-wjw', 'd-city-wjw'], ['liaison-xishan', 'd-xs']] as const) {
      const liaison = await token(server, username)
      const open = ((await (await api(server, liaison, 'GET', `/departments/${unit}/issues?status=open`)).json()) as { items: { id: string }[] }).items
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'fix.png')
      const shot = ((await (await fetch(`${server.url}/api/v1/evidence`, { method: 'POST', headers: { authorization: `Bearer ${liaison}` }, body: form })).json()) as { sha256: string }).sha256
      for (const [i, issue] of open.entries()) {
        assert.equal((await api(server, liaison, 'PUT', `/issues/${issue.id}/answers/ans-bulk-${username}-${i}`, { note: '已整改完毕', evidence: [shot] })).status, 200)
        issues.push({ id: issue.id, as: liaison })
      }
    }
    assert.ok(issues.length >= 2, `answers to confirm: ${issues.length}`)
    await page.goto(`${server.url}/#/packages/issues/pages/list/index?roundId=r-2024q2&status=submitted`)
    await page.locator('.issues-bar').waitFor()
    let taps = 0
    await page.locator('.issues-bar-all').click()
    taps += 1
    assert.match(await page.locator('.issues-bar-confirm').innerText(), new RegExp(`确认整改（${issues.length}）`))
    await screenshot(page, '83-bulk-confirm')
    await page.locator('.issues-bar-confirm').click()
    await page.locator('.taro-modal__foot').getByText('确认整改', { exact: true }).click()
    taps += 2
    await page.getByText(`已确认 ${issues.length} 条`).waitFor()
    console.log(`  confirmed ${issues.length} answers at once in ${taps} taps`)
    for (const issue of issues) {
      const detail = (await (await api(server, issue.as, 'GET', `/issues/${issue.id}`)).json()) as { status: string }
      assert.equal(detail.status, 'verified')
    }
  } finally {
    await phone.close()
    await server.stop()
  }
}
