import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import { nationalAnswers } from '../server/fixtures'
import { openPhone, screenshot, signIn, startDemoServer, type DemoServer } from './harness'
import { answer } from './rectification-flow'

/** The API as a demo user, for what the flows need set up before the browser comes in. */
async function apiAs(server: DemoServer, username: string) {
  const { token } = (await (await fetch(`${server.url}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { token: string }
  const headers = { authorization: `Bearer ${token}` }
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
    const json = (await res.json()) as Record<string, unknown>
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  const upload = async (seed: number) => {
    const form = new FormData()
    const png = await sharp({ create: { width: 390, height: 844, channels: 3, background: { r: seed * 7, g: 120, b: 200 } } }).png().toBuffer()
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'shot.png')
    const res = await fetch(`${server.url}/api/v1/evidence`, { method: 'POST', headers, body: form })
    return ((await res.json()) as { sha256: string }).sha256
  }
  return { call, upload }
}

async function screenshotFile(shade: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'gnm-fix-')), `整改后${shade}.png`)
  writeFileSync(path, await sharp({ create: { width: 750, height: 1334, channels: 3, background: { r: 230, g: shade, b: 240 } } }).png().toBuffer())
  return path
}

/**
 * 卫健委 has two issues (健康无锡's from the demo, one more found here); its liaison answers both,
 * opens 整改情况报告, generates the .docx and reads it; the admin's 整改情况 shows it was generated.
 */
export async function liaisonGeneratesTheReport(): Promise<void> {
  const server = await startDemoServer()
  const liaison = await openPhone()
  const admin = await openPhone()
  try {
    const office = await apiAs(server, 'admin')
    const accounts = (await office.call('GET', `/rounds/r-2024q2/accounts?pageSize=100&q=${encodeURIComponent('卫生')}`)).items as { id: string; name: string; department: { id: string } }[]
    const other = accounts.find((a) => a.department.id === 'd-city-wjw' && a.name !== '健康无锡')
    assert.ok(other, 'a second account of 卫健委')
    const found = await office.upload(3)
    await office.call('PUT', '/inspections/c-e2e-report-1', { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: other.id, answers: nationalAnswers('2024-05-01', { 'UPD-1': { note: '两个月未更新', evidence: [found] } }) })

    const { page } = liaison
    await signIn(page, server, 'liaison-wjw', '本单位问题清单')
    await page.locator('.issue-group').nth(1).waitFor()
    for (const [i, note] of ['已恢复公众号“在线咨询”子菜单，留言当天回复', '已恢复更新，每周至少发布两篇'].entries()) {
      await page.locator('.issue').nth(i).click()
      await page.locator('.answer-form').waitFor()
      await answer(page, note, await screenshotFile(60 + i * 80))
      await page.goBack()
      await page.locator('.issues-report:visible').waitFor()
    }
    await page.locator('.issues-report:visible').click()
    await page.locator('.report-generate').waitFor()
    const figures = async () => Object.fromEntries(await Promise.all((await page.locator('.report-figure').all()).map(async (f) => [await f.locator('.report-figure-label').innerText(), await f.locator('.report-figure-value').innerText()])))
    await page.waitForFunction(() => document.querySelector('[data-figure="已反馈"]')?.textContent === '2')
    assert.deepEqual(await figures(), { 问题: '2', 已反馈: '2', 已确认: '0', 未完成: '0' })
    await page.getByText('全部问题已完成整改。').waitFor()
    await screenshot(page, '60-report', true)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.report-generate').click()])
    const zip = await JSZip.loadAsync(readFileSync(await download.path()))
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    assert.ok(text.includes('关于2024年第二季度政务新媒体检查发现问题整改情况的报告'), 'the report’s title')
    assert.ok(text.includes('整改情况：已恢复公众号“在线咨询”子菜单，留言当天回复。'), 'the first answer')
    assert.ok(text.includes('整改情况：已恢复更新，每周至少发布两篇。'), 'the second answer')
    assert.equal(Object.keys(zip.files).filter((f) => f.startsWith('word/media/')).length, 2)
    await page.locator('.report-generated', { hasText: '上次生成' }).waitFor()

    await signIn(admin.page, server, 'admin', '整改情况')
    await admin.page.locator('.overview-report-done[data-report="无锡市卫生健康委员会"]', { hasText: '已生成（陈静）' }).waitFor()
    assert.equal(await admin.page.locator('.overview-report-done').count(), 1)
    await screenshot(admin.page, '61-overview-reports', true)
  } finally {
    await liaison.close()
    await admin.close()
    await server.stop()
  }
}

/**
 * Three rounds: the demo's second quarter, a third and a fourth built here. 锡山发改 fails in all
 * three, 健康无锡's 互动 item is confirmed rectified in Q2, passes Q3 and fails again in Q4. The
 * admin sees 屡查屡犯 2 on Q4's summary, taps through to the two accounts, and the circular names them.
 */
export async function repeatOffendersInTheCircular(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  try {
    const office = await apiAs(server, 'admin')
    const liaison = await apiAs(server, 'liaison-wjw')
    const inspector = await apiAs(server, 'inspector')
    const issue = ((await liaison.call('GET', '/departments/d-city-wjw/issues?roundId=r-2024q2')).items as { id: string }[])[0]
    await liaison.call('PUT', `/issues/${issue?.id}/answers/ans-e2e-repeat-1`, { note: '已恢复在线咨询', evidence: [await liaison.upload(9)] })
    await inspector.call('PUT', `/issues/${issue?.id}/reviews/rev-e2e-repeat-1`, { decision: 'verify', reason: '' })
    const find = async (name: string) => ((await office.call('GET', `/rounds/r-2024q2/accounts?q=${encodeURIComponent(name)}&status=failed`)).items as { id: string; name: string }[]).find((a) => a.name === name)?.id as string
    const xishan = await find('锡山发改')
    const health = await find('健康无锡')
    const shot = await office.upload(11)
    let seq = 0
    const round = async (name: string, checkpoint: string, deadline: string, results: [string, string | null][]) => {
      const created = await office.call('POST', '/rounds', { name, catalogId: 'national-2019@1', checkpoints: [checkpoint], deadline, contactName: '李华', contactPhone: '0510-12345678', scope: { kind: 'all' } })
      await office.call('POST', `/rounds/${created.id as string}/open`, {})
      const latest = checkpoint.slice(0, 8) + '05'
      for (const [accountId, fail] of results) {
        await office.call('PUT', `/inspections/c-e2e-repeat-${++seq}`, { roundId: created.id, checkpointId: `${created.id as string}-cp1`, accountId, answers: nationalAnswers(latest, fail ? { [fail]: { result: 'fail', note: '再次发现', evidence: [shot] } } : {}) })
      }
      return created.id as string
    }
    await round('2024年第三季度', '2024-09-10', '2024-10-18', [
      [health, null],
      [xishan, 'SEC-1']
    ])
    const q4 = await round('2024年第四季度', '2024-12-10', '2025-01-17', [
      [health, 'INT-1'],
      [xishan, 'INT-1']
    ])

    await signIn(page, server, 'admin')
    // Signed in (the session kept) before the summary is opened by its address: going there while the
    // sign-in is still under way raced it (the summary then opened without a session).
    await page.locator('.home-actions').waitFor()
    await page.goto(`${server.url}/#/packages/summary/pages/index/index?roundId=${q4}`)
    await page.locator('.summary-repeat-value[data-repeat="2"]:visible').waitFor()
    await screenshot(page, '62-summary-repeat')
    await page.locator('.summary-repeat:visible').click()
    await page.locator('.account-repeat:visible').nth(1).waitFor()
    const tagged = (await page.locator('.account:visible').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))
    assert.equal(tagged.length, 2)
    assert.ok(tagged.some((t) => t.includes('锡山发改') && t.includes('连续两次不合格')), tagged.join(' | '))
    assert.ok(tagged.some((t) => t.includes('健康无锡') && t.includes('整改后复发')), tagged.join(' | '))
    await screenshot(page, '63-accounts-repeat')
    await page.goto(`${server.url}/#/packages/summary/pages/circular/index?roundId=${q4}`)
    await page
      .locator('.circular-para:visible', { hasText: '其中，锡山区发展和改革局「锡山发改」（微信公众号）连续两次检查不合格；无锡市卫生健康委员会「健康无锡」（微信公众号）整改后再次出现同类问题。' })
      .waitFor()
    await screenshot(page, '64-circular-repeat')
    // The account's page in the registry lists its result round by round.
    await page.goto(`${server.url}/#/packages/admin/pages/account/index?id=${health}`)
    await page.locator('.account-round[data-round="2024年第四季度"]:visible', { hasText: '不合格' }).waitFor()
    assert.deepEqual(
      (await page.locator('.account-round:visible').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['2024年第二季度 不合格 问题 1，已确认整改 1', '2024年第三季度 合格', '2024年第四季度 不合格 问题 1']
    )
    await page.locator('.account-rounds').scrollIntoViewIfNeeded()
    await screenshot(page, '65-account-rounds')
  } finally {
    await phone.close()
    await server.stop()
  }
}
