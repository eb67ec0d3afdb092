import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { openPhone, screenshot, startDemoServer } from './harness'

/** WeUI's minimum: a tap target at least 44 px high; body text 14 px, tags 12 px. */
export const MIN_TAP = 44
export const MIN_BODY_TEXT = 14
export const MIN_TAG_TEXT = 12

export interface SizeProblem {
  page: string
  what: string
  size: number
}

const IN_PAGE = `function (minTap, minBody, minTag) {
  var problems = []
  function label(el) { return el.tagName.toLowerCase() + '.' + Array.from(el.classList).join('.') + ' 「' + (el.textContent || '').trim().slice(0, 16) + '」' }
  function visible(el) {
    var r = el.getBoundingClientRect(), style = getComputedStyle(el)
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0
  }
  function reactProps(el) {
    var key = Object.keys(el).find(function (k) { return k.indexOf('__reactProps') === 0 })
    return key ? el[key] : null
  }
  function tappable(el) {
    // Taro's H5 components keep their listeners in __events (the React props no longer hold onClick).
    var events = el.__events || {}
    var props = reactProps(el)
    if ((events.click && events.click.length !== 0) || (events.tap && events.tap.length !== 0)) return true
    if (props && (typeof props.onClick === 'function' || typeof props.onTap === 'function')) return true
    return el.matches('input:not([type=hidden]), textarea, button, taro-picker-core, .taro-navigation-bar-show .taro-navigation-bar-back, .taro-navigation-bar-show .taro-navigation-bar-home')
  }
  document.querySelectorAll('#app *, #taro-navigation-bar, #taro-navigation-bar *').forEach(function (el) {
    if (!visible(el)) return
    if (tappable(el)) {
      var h = el.getBoundingClientRect().height
      if (h + 0.5 < minTap) problems.push({ what: 'tap target ' + label(el), size: Math.round(h * 10) / 10 })
    }
    var ownText = Array.from(el.childNodes).some(function (n) { return n.nodeType === 3 && (n.textContent || '').trim() !== '' })
    if (ownText) {
      var px = parseFloat(getComputedStyle(el).fontSize)
      var isTag = !!el.closest('.tag, .nut-tag')
      if (px + 0.05 < (isTag ? minTag : minBody)) problems.push({ what: (isTag ? 'tag ' : 'text ') + label(el), size: Math.round(px * 10) / 10 })
    }
  })
  return problems
}`

/**
 * Layout that breaks on a phone: text squeezed to one character per line (a column too narrow for
 * its words), and a fixed or sticky bar covering more than a quarter of the viewport.
 */
const LAYOUT = `function () {
  var problems = []
  function label(el) { return el.tagName.toLowerCase() + '.' + Array.from(el.classList).join('.') + ' 「' + (el.textContent || '').trim().slice(0, 16) + '」' }
  function visible(el) {
    var r = el.getBoundingClientRect(), style = getComputedStyle(el)
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0
  }
  document.querySelectorAll('#app *').forEach(function (el) {
    if (!visible(el)) return
    var text = Array.from(el.childNodes).filter(function (n) { return n.nodeType === 3 }).map(function (n) { return n.textContent || '' }).join('').trim()
    var r = el.getBoundingClientRect(), style = getComputedStyle(el)
    var px = parseFloat(style.fontSize)
    // Two or more characters in a box narrower than two of them and taller than two lines.
    if (text.length >= 2 && r.width < px * 1.9 && r.height > px * 2.2) problems.push({ what: 'one character per line ' + label(el), size: Math.round(r.width) })
    if ((style.position === 'fixed' || style.position === 'sticky') && !el.closest('.taro-modal__mask, .taro-modal__foot, .taro-modal__content, .taro__mask, .taro-toast, .taro-actionsheet, .nut-popup, .nut-overlay, .weui-picker, .taro-picker')) {
      if (r.height > window.innerHeight * 0.25 && r.width > window.innerWidth * 0.5) problems.push({ what: 'bar covering ' + Math.round((r.height / window.innerHeight) * 100) + '% ' + label(el), size: Math.round(r.height) })
    }
  })
  return problems
}`

export async function measureLayout(page: Page, name: string): Promise<SizeProblem[]> {
  const found = (await page.evaluate(`(${LAYOUT})()`)) as { what: string; size: number }[]
  return found.map((p) => ({ page: name, ...p }))
}

/**
 * Everything on the page a finger can tap (Taro's click listeners on its elements, form
 * controls, the title bar's buttons) and every visible piece of text, measured in CSS pixels.
 */
export async function measure(page: Page, name: string): Promise<SizeProblem[]> {
  // Sent as source text: tsx would wrap a function literal in helpers the page does not have.
  const found = (await page.evaluate(`(${IN_PAGE})(${MIN_TAP}, ${MIN_BODY_TEXT}, ${MIN_TAG_TEXT})`)) as { what: string; size: number }[]
  return found.map((p) => ({ page: name, ...p }))
}

/** Every H5 page, as the roles that use it see it, measured: no tap target under 44 px. */
export async function tapTargetsAndTextSizes(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const problems: SizeProblem[] = []
  let views = 0
  const check = async (name: string) => {
    views += 1
    await page.waitForTimeout(500)
    problems.push(...(await measure(page, name)), ...(await measureLayout(page, name)))
  }
  try {
    await page.goto(`${server.url}/`)
    await page.locator('.login-user').first().waitFor()
    await check('login')
    await page.locator('[data-username="inspector"]').click()
    await page.locator('.home-actions').waitFor()
    await check('home (inspector)')
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.account').first().waitFor()
    await page.locator('.search-input input').fill('健康')
    await check('accounts')
    await page.locator('.search-btn').click()
    await page.locator('.account[data-account="健康无锡"]').first().click()
    await page.locator('.inspect-allpass').waitFor()
    await page.locator('#ind-SEC-1 .seg-fail').click()
    const chooser = page.waitForEvent('filechooser')
    await page.locator('#ind-SEC-1 .photo-add').click()
    await (await chooser).setFiles({ name: 'shot.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 300, height: 600, channels: 3, background: { r: 30, g: 90, b: 200 } } }).png().toBuffer() })
    await page.locator('#ind-SEC-1 .photo').first().waitFor()
    await check('inspect')
    await screenshot(page, '16-inspect-failing', true)
    // 「全部合格」 sets every unanswered item and may ask for what it cannot set (the latest post date).
    await page.locator('.inspect-allpass').click()
    await check('inspect after 全部合格')
    await screenshot(page, '16b-inspect-after-allpass')
    await page.goto(`${server.url}/#/pages/sync/index`)
    await page.locator('.sync-now').waitFor()
    await check('sync')
    await page.goto(`${server.url}/#/pages/home/index`)
    await page.getByText('问题清单', { exact: true }).click()
    await page.locator('.issue').first().waitFor()
    await check('issue list')
    await page.locator('.issue').first().click()
    await page.locator('.timeline-item').first().waitFor()
    await check('issue detail (inspector)')
    await page.goto(`${server.url}/#/packages/issues/pages/overview/index`)
    await page.locator('.overview-row').first().waitFor()
    await check('overview')

    await page.goto(`${server.url}/#/pages/login/index`)
    await page.locator('[data-username="liaison-wjw"]').click()
    await page.locator('.home-rect').waitFor()
    await check('home (liaison)')
    await page.getByText('本单位问题清单', { exact: true }).click()
    await page.locator('.issue').first().click()
    await page.locator('.answer-form').waitFor()
    await check('issue detail (liaison)')

    await page.goto(`${server.url}/#/pages/login/index`)
    await page.locator('[data-username="leader"]').click()
    await page.locator('.home-rate-value').waitFor()
    await check('home (leader)')

    await page.goto(`${server.url}/#/pages/login/index`)
    await page.locator('[data-username="admin"]').click()
    await page.locator('.home-actions').waitFor()
    await check('home (admin)')
    for (const [name, path, ready] of [
      ['people', 'packages/admin/pages/people/index', '.card'],
      ['registry', 'packages/admin/pages/registry/index', '.registry-unit'],
      ['rounds', 'packages/admin/pages/rounds/index', '.round-card'],
      ['import', 'packages/admin/pages/import/index', '.card'],
      ['catalogs', 'packages/admin/pages/catalogs/index', '.card'],
      ['audit', 'packages/admin/pages/audit/index', '.hero'],
      ['wording', 'packages/admin/pages/wording/index', '.wording-categories'],
      ['leaders', 'packages/admin/pages/leaders/index', '.leaders-form'],
      ['summary', 'packages/summary/pages/index/index?roundId=r-2024q2', '.card'],
      ['circular', 'packages/summary/pages/circular/index?roundId=r-2024q2', '.card'],
      ['rectification report', 'packages/issues/pages/report/index?departmentId=d-city-wjw&roundId=r-2024q2', '.report-card']
    ] as const) {
      await page.goto(`${server.url}/#/${path}`)
      await page.locator(`${ready}:visible`).first().waitFor()
      await check(name)
    }

    const report = problems.map((p) => `${p.page}: ${p.what} ${p.size}px`)
    console.log(`  measured ${views} page views: ${problems.length} below WeUI sizes`)
    for (const line of report) console.log(`    ${line}`)
    assert.deepEqual(report, [])
  } finally {
    await phone.close()
    await server.stop()
  }
}
