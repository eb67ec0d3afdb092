import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { openPhone, screenshot, signIn, startDemoServer } from './harness'
import { measure } from './sizes'

/** Accepts where the picker starts: the server's date (the demo's clock stands in July 2024), not the browser's. */
async function pickDefaultDate(page: Page, label: string): Promise<void> {
  await page.locator('.rounds-field', { hasText: label }).click()
  await page.locator('.weui-picker:visible').getByText('确定', { exact: true }).click()
  await page.locator('.rounds-field', { hasText: label }).getByText(/^2024年/).waitFor()
}

/** An admin creates a round on a 50 % stratified sample, shares it between two inspectors, moves one account by hand, opens it, and closes it; each inspector sees their share. */
export async function adminRunsARound(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    await signIn(page, server, 'admin', '检查批次')
    await page.locator('.round-card').first().waitFor()
    await page.locator('.rounds-add').click()
    await page.locator('.rounds-form .rounds-input input').nth(0).fill('2024年第三季度')
    await pickDefaultDate(page, '第 1 个监测时间点')
    await pickDefaultDate(page, '第 2 个监测时间点')
    await pickDefaultDate(page, '整改期限')
    await page.locator('.rounds-form .rounds-input input').nth(1).fill('王珊')
    await page.locator('.rounds-form .rounds-input input').nth(2).fill('0510-81821234')
    await page.locator('.rounds-form .chip', { hasText: '抽查 50%' }).click()
    await page.locator('.rounds-form .nut-button', { hasText: '创建草稿' }).click()
    const card = page.locator('.round-card', { hasText: '2024年第三季度' })
    await card.getByText('草稿', { exact: true }).waitFor()
    const scope = await card.locator('.round-line').nth(1).innerText()
    const drawn = Number(/抽 (\d+) 个/.exec(scope)?.[1])
    assert.match(scope, /分层抽查 50%：425 个中抽 \d+ 个（随机种子 \d+/)
    assert.ok(drawn >= 210 && drawn <= 218, scope)

    await card.locator('.chip', { hasText: '张敏' }).click()
    await card.locator('.chip', { hasText: '李强' }).click()
    await card.locator('.nut-button', { hasText: '分配检查任务' }).click()
    await card.locator('.chip', { hasText: /张敏 · \d+ 个/ }).waitFor()
    const share = async (name: string) => Number(/· (\d+) 个/.exec(await card.locator('.chip', { hasText: name }).innerText())?.[1])
    const [zhang, li] = [await share('张敏'), await share('李强')]
    assert.equal(zhang + li, drawn)

    // One account moved from 李强 to 张敏, account by account.
    await card.locator('.nut-button', { hasText: '逐个查看、调整分配' }).click()
    await page.getByText(`共 ${drawn} 个账号`).waitFor()
    await page.locator('.assign-filters .chip', { hasText: '李强' }).click()
    await page.getByText(`共 ${li} 个账号`).waitFor()
    const moved = page.locator('.assign-account').first()
    const movedName = await moved.getAttribute('data-account')
    await moved.locator('.assign-head').click()
    await moved.locator('.assign-choices .chip', { hasText: '张敏' }).click()
    await page.locator(`.assign-account[data-account="${movedName}"] .assign-head .tag`, { hasText: '张敏' }).waitFor()
    assert.deepEqual(await measure(page, 'assign'), [])
    await screenshot(page, '37-assign', true)
    await page.locator('.assign-filters .chip', { hasText: '未分配' }).click()
    await page.getByText('共 0 个账号').waitFor()
    await page.goBack()

    await card.locator('.nut-button', { hasText: '开始检查' }).click()
    await page.locator('.taro-modal__foot').getByText('确定', { exact: true }).click()
    await card.getByText('进行中', { exact: true }).waitFor()
    await screenshot(page, '36-rounds', true)

    // Each inspector's account list is their share of the new round.
    for (const [username, expected] of [
      ['inspector', zhang + 1],
      ['inspector2', li - 1]
    ] as const) {
      await page.goto(`${server.url}/#/pages/login/index`)
      await page.locator(`[data-username="${username}"]`).click()
      await page.getByText('2024年第三季度').first().waitFor()
      await page.locator('.home-action-title', { hasText: '开始检查' }).click()
      await page.getByText(`共 ${expected} 个`, { exact: false }).first().waitFor()
    }

    // Closed: read-only.
    await signIn(page, server, 'admin', '检查批次', true)
    const open = page.locator('.round-card', { hasText: '2024年第三季度' })
    await open.locator('.nut-button', { hasText: '结束检查' }).click()
    await page.locator('.taro-modal__foot').getByText('确定', { exact: true }).click()
    await open.getByText('已结束', { exact: true }).waitFor()
    assert.equal(await open.locator('.nut-button', { hasText: '分配检查任务' }).count(), 0)
  } finally {
    await phone.close()
    await server.stop()
  }
}
