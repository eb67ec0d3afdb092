import assert from 'node:assert/strict'
import { openPhone, screenshot, signIn, startDemoServer } from './harness'
import { measure } from './sizes'

/**
 * An admin copies a published catalog into its next version, changes an indicator's wording and
 * points, is told plainly when a value is out of range, publishes, and a new round offers it.
 */
export async function adminEditsACatalog(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '检查指标')
    const example = page.locator('.catalog-item[data-catalog="provincial-example@1"]')
    await example.getByText('已发布', { exact: true }).waitFor()
    assert.deepEqual(await measure(page, 'catalogs'), [])
    await example.click()
    await page.locator('.catalog-copy .nut-button').or(page.locator('.nut-button.catalog-copy')).click()
    await page.locator('.catalog-page .tag-pending', { hasText: '草稿' }).waitFor()
    await page.getByText('第 2 版', { exact: false }).first().waitFor()

    // Reword MGT-3 and raise its points.
    const mgt = page.locator('.catalog-indicator[data-code="MGT-3"]')
    await mgt.locator('.catalog-edit-link').click()
    await mgt.locator('.catalog-title-input input').fill('开设、变更或关停未履行审批手续')
    await mgt.locator('.catalog-points input').fill('15')
    await mgt.getByText('扣 15 分').waitFor()
    assert.deepEqual(await measure(page, 'catalog draft'), [])
    await screenshot(page, '39-catalog-draft', true)

    // An emptied points field: the save is refused with the reason, nothing is lost.
    await mgt.locator('.catalog-points input').fill('')
    await page.locator('.nut-button', { hasText: '保存草稿' }).click()
    await page.locator('.catalog-error', { hasText: '分值应为1到100的整数' }).waitFor()
    await mgt.locator('.catalog-points input').fill('15')
    await page.locator('.nut-button', { hasText: '发布' }).click()
    await page.locator('.taro-modal__foot').getByText('确定', { exact: true }).click()
    await page.locator('.catalog-page .tag-pass', { hasText: '已发布' }).waitFor()
    await page.locator('.catalog-indicator[data-code="MGT-3"]', { hasText: '开设、变更或关停未履行审批手续' }).getByText('扣 15 分').waitFor()
    assert.equal(await page.locator('.catalog-edit-link').count(), 0)

    // The list has both versions; a new round can be judged by the new one.
    await page.goBack()
    await page.locator('.catalog-item[data-catalog="provincial-example@2"]').getByText('已发布', { exact: true }).waitFor()
    await page.goto(`${server.url}/#/packages/admin/pages/rounds/index`)
    await page.locator('.rounds-add').click()
    await page.locator('.rounds-catalogs .chip', { hasText: '省级政务新媒体检查指标示例（单项否决＋扣分＋加分） · 第2版' }).waitFor()
    // What the server holds: the new version published with the change, the old one untouched.
    const login = await (await fetch(`${server.url}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) })).json()
    const read = async (id: string) => (await (await fetch(`${server.url}/api/v1/catalogs/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as { published: boolean; indicators: { code: string; title: string; points: number }[] }
    const [v1, v2] = [await read('provincial-example@1'), await read('provincial-example@2')]
    assert.equal(v2.published, true)
    assert.deepEqual(v2.indicators.find((i) => i.code === 'MGT-3'), { ...v1.indicators.find((i) => i.code === 'MGT-3'), title: '开设、变更或关停未履行审批手续', points: 15 })
  } finally {
    await phone.close()
    await server.stop()
  }
}

/**
 * A district admin opens the checklist and the wording dictionary: both read, neither offers a
 * change (the city's admins keep them), and each page says why.
 */
export async function districtAdminReadsCitySettings(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const api = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
    (await fetch(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body)
    }).then((r) => r.json())) as Record<string, unknown>
  try {
    const admin = (await api('/auth/demo', { method: 'POST', body: { username: 'admin' } })).token as string
    const made = await api('/users', { method: 'POST', token: admin, body: { name: '锡山区管理员', role: 'admin', departmentId: 'd-xs' } })
    const district = await api('/auth/demo', { method: 'POST', body: { username: made.id } })
    assert.equal((await api('/me', { token: district.token as string })).cityWide, false)
    // Signed in as the district admin: the session the app keeps, written on a page of the same
    // origin that is not the app (so the app cannot write its own over it), then the app opened.
    await page.goto(`${server.url}/api/v1/health`)
    await page.evaluate((session) => localStorage.setItem('gnm.session', JSON.stringify({ data: JSON.stringify({ state: session, version: 1 }) })), { token: district.token, user: district.user })
    await page.goto(`${server.url}/#/packages/admin/pages/wording/index`)
    await page.getByText('错敏词库由市级管理员维护，区县管理员可以查看。').waitFor()
    assert.equal(await page.getByText('加入词库').count(), 0)
    await screenshot(page, '58-wording-district-admin')
    await page.goto(`${server.url}/#/packages/admin/pages/catalog/index?id=${encodeURIComponent('national-2019@1')}`)
    await page.getByText('检查指标由市级管理员维护，区县管理员可以查看。').waitFor()
    assert.equal(await page.getByText('复制为新版本').count(), 0)
    await screenshot(page, '59-catalog-district-admin', true)
  } finally {
    await phone.close()
    await server.stop()
  }
}
