import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Locator, Page } from 'playwright-core'
import { openPhone, screenshot, signIn, startDemoServer } from './harness'

/** Counts what a person taps; typing into a field already focused is not a tap. */
function counter(page: Page) {
  let n = 0
  return {
    get count() {
      return n
    },
    reset() {
      n = 0
    },
    async tap(target: Locator | string) {
      await (typeof target === 'string' ? page.locator(target) : target).first().click()
      n += 1
    },
    /** WeChat's picker: choosing the picture is one more tap. */
    async pick(opener: Locator, png: Buffer) {
      const chooser = page.waitForEvent('filechooser')
      await opener.first().click()
      await (await chooser).setFiles({ name: 'shot.png', mimeType: 'image/png', buffer: png })
      n += 2
    }
  }
}

async function png(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 390, height: 844, channels: 3, background: { r: (seed * 53) % 256, g: 140, b: 200 } } })
    .png()
    .toBuffer()
}

/**
 * From the account list: a passing inspection in 4 taps, a failing one with a screenshot in 6
 * (the picker included). A half-filled checklist survives a reload (the app restarting, opened
 * on the checklist's own link) with its answers, note and screenshot; an inspected account shows
 * its current result and history; discarding a draft asks first.
 */
export async function fieldWorkInFewTapsAndNothingLost(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const taps = counter(page)
  try {
    await signIn(page, server, 'inspector', '开始检查')
    await page.locator('.account').first().waitFor()

    taps.reset()
    await taps.tap(page.locator('.account[data-account="无锡交通"]'))
    await taps.tap('.inspect-allpass')
    await page.getByText('还需填写', { exact: false }).waitFor()
    await taps.tap(page.locator('.chip', { hasText: '监测当日有更新' }))
    await taps.tap('.inspect-footer .submit-btn')
    await page.getByText('已同步到服务器').waitFor()
    assert.equal(taps.count, 4, 'a passing inspection in 4 taps')
    console.log(`  taps from the account list: pass ${taps.count}`)
    await page.locator('.result-next').click()

    taps.reset()
    await taps.tap(page.locator('.account[data-account="无锡人防"]'))
    await taps.tap('#ind-SEC-1 .seg-fail')
    // The note from the item's common phrases: one tap, no typing.
    await taps.tap(page.locator('#ind-SEC-1 .phrase-chip', { hasText: '领导职务写错' }))
    assert.equal(await page.locator('#ind-SEC-1 .failure-note textarea').inputValue(), '领导职务写错')
    await taps.pick(page.locator('#ind-SEC-1 .photo-add'), await png(1))
    await page.locator('#ind-SEC-1 .photo').first().waitFor()
    await taps.tap('.inspect-footer .submit-btn')
    await page.getByText('已提交：不合格').waitFor()
    assert.ok(taps.count <= 6, `a failing inspection with a screenshot and a note in ≤ 6 taps, took ${taps.count}`)
    console.log(`  taps from the account list: fail with a screenshot and a note ${taps.count} (no typing)`)
    await page.locator('.result-next').click()

    // A half-filled checklist, then the app restarts on the checklist's own link.
    await page.locator('.account[data-account="无锡人社"]').first().click()
    await page.locator('#ind-SEC-1 .seg-pass').click()
    await page.locator('#ind-SEC-2 .seg-fail').click()
    await page.locator('#ind-SEC-2 .failure-note textarea').fill('公布了办事群众的身份证号')
    const chooser = page.waitForEvent('filechooser')
    await page.locator('#ind-SEC-2 .photo-add').click()
    await (await chooser).setFiles({ name: 'shot.png', mimeType: 'image/png', buffer: await png(2) })
    await page.locator('#ind-SEC-2 .photo').first().waitFor()
    await page.waitForTimeout(300)
    await page.reload()
    await page.getByText('已恢复未提交的草稿', { exact: false }).waitFor()
    assert.equal(await page.locator('#ind-SEC-1 .seg-pass.seg-on').count(), 1)
    assert.equal(await page.locator('#ind-SEC-2 .seg-fail.seg-on').count(), 1)
    assert.equal(await page.locator('#ind-SEC-2 .failure-note textarea').inputValue(), '公布了办事群众的身份证号')
    await page.locator('#ind-SEC-2 .photo img').first().waitFor()
    // The account was inspected before: its current result, its history, and what a new submit does.
    await page.getByText('再次提交将替换当前结果', { exact: false }).waitFor()
    await page.locator('.history-item').first().waitFor()
    await screenshot(page, '17-draft-restored', true)

    // The list says a draft waits here.
    await page.goBack()
    await page.goto(`${server.url}/#/pages/accounts/index`)
    // Taro keeps earlier page instances hidden in the DOM: look at the one on screen.
    await page.locator('.account[data-account="无锡人社"]:visible .account-draft').first().waitFor()
    await page.locator('.account[data-account="无锡人社"]:visible').first().click()
    await page.getByText('放弃草稿', { exact: true }).click()
    await page.locator('.taro-modal__content').getByText('不能恢复', { exact: false }).waitFor()
    await page.locator('.taro-modal__foot').getByText('放弃', { exact: true }).click()
    await page.getByText('已恢复未提交的草稿', { exact: false }).waitFor({ state: 'detached' })
    assert.equal(await page.locator('.seg-on').count(), 0)

    // A liaison's answer with a screenshot, counted from home.
    await page.goto(`${server.url}/#/pages/login/index`)
    await page.locator('[data-username="liaison-wjw"]').click()
    await page.locator('.home-todo-item').first().waitFor()
    taps.reset()
    await taps.tap(page.locator('.home-todo-item').first())
    await taps.tap(page.locator('.answer-phrase').first())
    await taps.pick(page.locator('.answer-form .picker-add'), await png(3))
    await page.locator('.answer-form .picker-cell').first().waitFor()
    await taps.tap('.answer-submit')
    await page.getByText('整改反馈已提交').waitFor()
    assert.ok(taps.count <= 5, `a liaison's answer with a screenshot in ≤ 5 taps from home, took ${taps.count}`)
    console.log(`  taps from home: a liaison's answer with a screenshot ${taps.count}`)
  } finally {
    await phone.close()
    await server.stop()
  }
}
