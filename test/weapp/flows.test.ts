import ExcelJS from 'exceljs'
import type { TestServer } from '../server/harness'
import { checkStyles, takeRenderWarnings, textOf } from './harness'
import { accountRow, healthy, launch, listeningServer, openAccounts, openChecklist, screenshot, signedInDevice } from './support'

/**
 * The compiled mini-program (dist/weapp), booted in Node with a fake `wx` and driven like a
 * user against a real server: `npm run build:weapp && npm run test:weapp`.
 */
let server: TestServer & { origin: string }
beforeEach(async () => {
  server = await listeningServer()
  takeRenderWarnings()
})
afterEach(async () => {
  await server.close()
})

const ROUND = 'r-2024q2'
const CP2 = 'cp-2024q2-2'

async function accountId(name: string): Promise<string> {
  const inspector = (await server.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'inspector' } })).json().token
  const res = await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=${encodeURIComponent(name)}`, headers: { authorization: `Bearer ${inspector}` } })
  const item = res.json().items.find((a: { name: string; platform: string }) => a.name === name && a.platform === 'wechat')
  return item.id
}

async function storedInspections(accountName: string) {
  return server.deps.db
    .selectFrom('inspections')
    .innerJoin('accounts', 'accounts.id', 'inspections.account_id')
    .select(['inspections.id', 'inspections.client_id', 'inspections.verdict', 'inspections.is_current', 'inspections.checkpoint_id'])
    .where('accounts.name', '=', accountName)
    .where('accounts.platform', '=', 'wechat')
    .where('inspections.checkpoint_id', '=', CP2)
    .orderBy('inspections.submitted_at')
    .execute()
}

describe('the weapp bundle', () => {
  it('passes WeChat’s own style compiler', () => {
    const styles = checkStyles()
    expect(styles.files).toBeGreaterThan(5)
    expect(styles.error).toBeNull()
  })

  it('opens every page of app.json for each role allowed on it, without an exception', async () => {
    const account = await accountId('健康无锡')
    const ticket = (await server.app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets' })).json().id
    const issue = (await server.deps.db.selectFrom('issues').select(['id', 'department_id']).where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()).id
    const adminHeaders = { authorization: `Bearer ${(await server.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'admin' } })).json().token}` }
    const invitation = (await server.app.inject({ method: 'POST', url: '/api/v1/departments/d-city-wjw/invitations', headers: adminHeaders })).json()
    const pages: Record<string, { path: string; roles: string[]; expect: string }> = {
      'pages/login/index': { path: 'pages/login/index', roles: ['anonymous'], expect: '选择一个身份' },
      'pages/home/index': { path: 'pages/home/index', roles: ['inspector', 'inspector2', 'liaison-wjw', 'liaison-xishan', 'leader', 'admin'], expect: '2024年第二季度' },
      'pages/accounts/index': { path: 'pages/accounts/index', roles: ['inspector', 'inspector2', 'leader', 'admin'], expect: '共 ' },
      'pages/inspect/index': { path: `pages/inspect/index?accountId=${account}&checkpointId=${CP2}`, roles: ['inspector', 'admin'], expect: '健康无锡' },
      'pages/practice/index': { path: `pages/practice/index?roundId=r-2024q2&accountId=${account}&name=${encodeURIComponent('健康无锡')}`, roles: ['inspector', 'admin'], expect: '保存典型做法' },
      'pages/sync/index': { path: 'pages/sync/index', roles: ['inspector', 'liaison-wjw'], expect: '立即同步' },
      'pages/approve/index': { path: `pages/approve/index?ticket=${ticket}`, roles: ['inspector', 'liaison-wjw', 'leader', 'admin'], expect: '确认在电脑上登录' },
      'packages/issues/pages/list/index': { path: 'packages/issues/pages/list/index?departmentId=d-city-wjw', roles: ['inspector', 'liaison-wjw', 'leader', 'admin'], expect: '健康无锡' },
      'packages/issues/pages/detail/index': { path: `packages/issues/pages/detail/index?id=${issue}`, roles: ['inspector', 'liaison-wjw', 'leader', 'admin'], expect: '处理记录' },
      'packages/admin/pages/audit/index': { path: 'packages/admin/pages/audit/index?entity=user&entityId=u-liaison-wjw', roles: ['admin'], expect: '只能查看，不能修改' },
      'packages/admin/pages/people/index': { path: 'packages/admin/pages/people/index', roles: ['admin'], expect: '人员管理' },
      'packages/admin/pages/person/index': { path: 'packages/admin/pages/person/index?id=u-liaison-wjw', roles: ['admin'], expect: '陈静' },
      'packages/admin/pages/registry/index': { path: 'packages/admin/pages/registry/index', roles: ['leader', 'admin'], expect: '共 425 个账号' },
      'packages/admin/pages/account/index': { path: 'packages/admin/pages/account/index?id=a-c001', roles: ['leader', 'admin'], expect: '变更记录' },
      'packages/admin/pages/rounds/index': { path: 'packages/admin/pages/rounds/index', roles: ['leader', 'admin'], expect: '2024年第二季度' },
      'packages/admin/pages/catalogs/index': { path: 'packages/admin/pages/catalogs/index', roles: ['leader', 'admin'], expect: '1 个批次在用' },
      'packages/admin/pages/catalog/index': { path: 'packages/admin/pages/catalog/index?id=national-2019%401', roles: ['leader', 'admin'], expect: '单项否决' },
      'packages/admin/pages/assign/index': { path: 'packages/admin/pages/assign/index?roundId=r-2024q2', roles: ['admin'], expect: '共 425 个账号' },
      'packages/summary/pages/index/index': { path: 'packages/summary/pages/index/index?roundId=r-2024q2', roles: ['leader', 'admin'], expect: '合格率走势' },
      'packages/summary/pages/circular/index': { path: 'packages/summary/pages/circular/index?roundId=r-2024q2', roles: ['leader', 'admin'], expect: '三、存在问题' },
      'packages/summary/pages/practices/index': { path: 'packages/summary/pages/practices/index?roundId=r-2024q2', roles: ['leader', 'admin'], expect: '无锡人社' },
      'packages/summary/pages/search/index': { path: 'packages/summary/pages/search/index?roundId=r-2024q2', roles: ['inspector', 'leader', 'admin'], expect: '查找本批次检查截图中出现过某段文字的账号' },
      'packages/admin/pages/wording/index': { path: 'packages/admin/pages/wording/index', roles: ['admin'], expect: '内置词库' },
      'packages/admin/pages/leaders/index': { path: 'packages/admin/pages/leaders/index', roles: ['admin'], expect: '领导姓名职务表' },
      'packages/admin/pages/import/index': { path: 'packages/admin/pages/import/index', roles: ['admin'], expect: '从微信聊天中选择台账表格' },
      'packages/issues/pages/report/index': { path: 'packages/issues/pages/report/index?departmentId=d-city-wjw&roundId=r-2024q2', roles: ['liaison-wjw', 'leader', 'admin'], expect: '生成整改报告（Word）' },
      'packages/issues/pages/overview/index': { path: 'packages/issues/pages/overview/index', roles: ['inspector', 'leader', 'admin'], expect: '无锡市卫生健康委员会' },
      'pages/join/index': { path: `pages/join/index?t=${invitation.token}`, roles: ['anonymous'], expect: '用微信手机号加入' },
      'packages/admin/pages/people-import/index': { path: 'packages/admin/pages/people-import/index', roles: ['admin'], expect: '从账号台账生成联络员' },
      'packages/admin/pages/invitations/index': { path: 'packages/admin/pages/invitations/index', roles: ['admin'], expect: '有效的邀请' }
    }
    const probe = await launch(server)
    const all = [...probe.appJson.pages, ...(probe.appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
    probe.kill()
    expect(Object.keys(pages).sort()).toEqual([...all].sort())
    let opened = 0
    for (const [route, spec] of Object.entries(pages)) {
      for (const role of spec.roles) {
        const device = role === 'anonymous' ? undefined : await signedInDevice(server, role)
        const w = await launch(server, { device, path: spec.path })
        await w.waitFor((x) => x.text().includes(spec.expect), `${route} as ${role} to show 「${spec.expect}」`)
        expect(w.page.route).toBe(route)
        expect(w.text()).not.toMatch(/加载失败|无法打开/)
        healthy(w)
        w.kill()
        opened += 1
      }
    }
    console.log(`[weapp] ${opened} page × role openings, ${Object.keys(pages).length} pages`)
  })

  it('lets an inspector pass one account in 4 taps and fail another with a screenshot in 6', async () => {
    const w = await launch(server, { device: await signedInDevice(server, 'inspector') })
    await openAccounts(w)

    w.taps = 0
    await w.tap(accountRow(w, '无锡交通'))
    await w.waitFor((x) => x.text().includes('全部合格'), 'the checklist')
    await w.tapText('全部合格')
    expect(w.text()).toContain('还需填写')
    await w.tapText('监测当日有更新')
    await w.tapText('提交检查结果')
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the pass to be synced')
    expect(w.taps).toBe(4)
    expect(w.text()).toContain('已提交：合格')
    const passed = await storedInspections('无锡交通')
    expect(passed.filter((r) => r.is_current === 1).map((r) => r.verdict)).toEqual(['pass'])

    await w.tapText('继续检查其他账号')
    await w.waitFor((x) => x.page.route === 'pages/accounts/index', 'back to the list')
    w.taps = 0
    await openChecklist(w, '无锡人防')
    await w.tapClass('seg-fail', 0)
    // The note from the item's common phrases: one tap, no typing.
    await w.tapText('领导姓名写错')
    const [note] = w.byClass('failure-note')
    expect(note?.attr.value).toBe('领导姓名写错')
    w.pick(await screenshot(1))
    await w.tapClass('photo-add')
    w.taps += 1 // choosing the picture in WeChat's picker
    await w.waitFor((x) => x.byClass('photo-img').length === 1, 'the screenshot in the checklist')
    await w.tapText('提交检查结果')
    await w.waitFor((x) => x.text().includes('已同步到服务器'), 'the failure to be synced')
    expect(w.taps).toBeLessThanOrEqual(6)
    expect(w.text()).toContain('已提交：不合格')
    expect(w.text()).toContain('1/1 张截图已接收')
    const failed = await storedInspections('无锡人防')
    const current = failed.filter((r) => r.is_current === 1)
    expect(current.map((r) => r.verdict)).toEqual(['fail'])
    const evidence = await server.deps.db.selectFrom('inspection_evidence').innerJoin('evidence', 'evidence.sha256', 'inspection_evidence.sha256').select('evidence.sha256').where('inspection_id', '=', current[0]?.id ?? '').execute()
    expect(evidence).toHaveLength(1)
    const results = await server.deps.db.selectFrom('inspection_results').select(['indicator_code', 'result']).where('inspection_id', '=', current[0]?.id ?? '').execute()
    expect(results.filter((r) => r.result === 'unchecked')).toHaveLength(6)
    const found = await server.deps.db.selectFrom('issues').select('finding').where('inspection_id', '=', current[0]?.id ?? '').execute()
    expect(found.map((f) => f.finding)).toEqual(['领导姓名写错'])
    console.log(`[weapp] taps from the account list: pass 4, fail with a screenshot and a note ${w.taps} (no typing)`)
    healthy(w)
    w.kill()
  })

  it('lets a liaison answer an issue with a screenshot in 5 taps from home', async () => {
    const w = await launch(server, { device: await signedInDevice(server, 'liaison-wjw') })
    await w.waitFor((x) => x.text().includes('待反馈的问题'), 'the liaison home with the issues to answer')
    w.taps = 0
    await w.tapClass('home-todo-item')
    await w.waitFor((x) => x.text().includes('反馈整改情况'), 'the answer form')
    // The answer from the item's common answers: one tap; it stays editable.
    const [phrase] = w.byClass('answer-phrase')
    if (!phrase) throw new Error('no answer phrases')
    await w.tap(phrase)
    w.pick(await screenshot(2))
    await w.tapClass('picker-add')
    w.taps += 1 // choosing the picture in WeChat's picker
    await w.waitFor((x) => x.byClass('picker-cell').length === 1, 'the picked screenshot')
    await w.tapText('提交整改反馈')
    expect(w.host.toasts).toContain('整改反馈已提交')
    console.log(`[weapp] taps from home: a liaison's answer with a screenshot ${w.taps}`)
    expect(w.taps).toBeLessThanOrEqual(5)
    await w.waitFor((x) => x.text().includes('已反馈'), 'the answered issue')
    const issue = await server.deps.db.selectFrom('issues').select(['id', 'status']).where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    expect(issue.status).toBe('submitted')
    const events = await server.deps.db.selectFrom('issue_events').innerJoin('issue_event_evidence', 'issue_event_evidence.event_id', 'issue_events.id').select(['issue_events.note', 'issue_event_evidence.sha256']).where('issue_events.issue_id', '=', issue.id).execute()
    expect(events).toHaveLength(1)
    expect(events[0]?.note).toContain('已修复留言功能')
    healthy(w)
    w.kill()
  })

  it('keeps offline work through a kill and relaunch, and sends it once within 3 s of the network returning', async () => {
    const first = await launch(server, { device: await signedInDevice(server, 'inspector') })
    await openAccounts(first)
    first.setOnline(false)
    await openChecklist(first, '无锡住建')
    await first.tapClass('seg-fail', 2)
    await first.waitFor((x) => x.byClass('failure-note').length > 0, 'the failed item’s note field')
    const [note] = first.byClass('failure-note')
    if (!note) throw new Error('no note field')
    await first.input(note, '转载内容链接到违规网站')
    first.pick(await screenshot(3))
    await first.tapClass('photo-add')
    await first.waitFor((x) => x.byClass('photo-img').length === 1, 'the screenshot')
    await first.tapText('提交检查结果')
    await first.waitFor((x) => x.text().includes('无网络，已保存，联网后自动上传'), 'the offline notice')
    expect(first.text()).not.toContain('失败')
    healthy(first)
    const device = first.kill()

    const second = await launch(server, { device, online: false })
    await second.waitFor((x) => x.page.route === 'pages/home/index', 'home after the relaunch')
    expect(await storedInspections('无锡住建')).toHaveLength(1) // only the seeded one
    const back = Date.now()
    second.setOnline(true)
    for (;;) {
      const rows = await storedInspections('无锡住建')
      if (rows.some((r) => r.client_id.startsWith('c-'))) break
      if (Date.now() - back > 3000) throw new Error('not sent within 3 s of the network returning')
      await new Promise((r) => setTimeout(r, 25))
    }
    const took = Date.now() - back
    await second.settle()
    const rows = (await storedInspections('无锡住建')).filter((r) => r.client_id.startsWith('c-'))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.verdict).toBe('fail')
    const evidence = await server.deps.db.selectFrom('inspection_evidence').innerJoin('evidence', 'evidence.sha256', 'inspection_evidence.sha256').select('evidence.sha256').where('inspection_id', '=', rows[0]?.id ?? '').execute()
    expect(evidence).toHaveLength(1)
    const files = [...device.fs.files.keys()].filter((p) => p.startsWith('wxfile://usr/evidence/'))
    expect(files).toEqual([])
    console.log(`[weapp] offline inspection arrived ${took} ms after the network returned`)
    healthy(second)
    second.kill()
  })

  it('starts from what the phone kept when relaunched offline: home, the list, the checklist; refreshes by itself when the network returns', async () => {
    const first = await launch(server, { device: await signedInDevice(server, 'inspector') })
    await openAccounts(first)
    // Let the list's full copy (every page, for offline work) arrive before WeChat kills the app.
    await first.settle()
    const device = first.kill()

    const second = await launch(server, { device, online: false })
    await second.waitFor((x) => x.page.route === 'pages/home/index' && x.text().includes('离线 · 数据截至'), 'home from the kept copy')
    expect(second.text()).toContain('2024年第二季度')
    expect(second.text()).toContain('开始检查')
    expect(second.text()).not.toContain('加载失败')
    await second.tapText('开始检查')
    await second.waitFor((x) => x.byClass('account').length > 0, 'the account list from the kept copy')
    expect(second.text()).toContain('离线 · 数据截至')
    expect(second.text()).not.toContain('加载失败')
    await openChecklist(second, '无锡住建')
    await second.tapClass('seg-fail', 2)
    await second.waitFor((x) => x.byClass('failure-note').length > 0, 'the failed item’s note field')
    const [note] = second.byClass('failure-note')
    if (!note) throw new Error('no note field')
    await second.input(note, '转载内容链接到违规网站')
    second.pick(await screenshot(5))
    await second.tapClass('photo-add')
    await second.waitFor((x) => x.byClass('photo-img').length === 1, 'the screenshot')
    await second.tapText('提交检查结果')
    await second.waitFor((x) => x.text().includes('无网络，已保存，联网后自动上传'), 'the offline notice')
    expect(second.text()).not.toContain('失败')
    await second.back()
    await second.waitFor((x) => x.page.route === 'pages/accounts/index', 'the list again')

    const back = Date.now()
    second.setOnline(true)
    // Without a tap: the inspection arrives once, and the list drops its offline mark.
    await second.waitFor((x) => !x.text().includes('离线 · 数据截至'), 'the list refreshed', 3000)
    for (;;) {
      const rows = await storedInspections('无锡住建')
      if (rows.some((r) => r.client_id.startsWith('c-'))) break
      if (Date.now() - back > 3000) throw new Error('not sent within 3 s of the network returning')
      await new Promise((r) => setTimeout(r, 25))
    }
    console.log(`[weapp] offline start: list refreshed and inspection arrived ${Date.now() - back} ms after the network returned`)
    await second.settle()
    expect((await storedInspections('无锡住建')).filter((r) => r.client_id.startsWith('c-'))).toHaveLength(1)
    healthy(second)
    second.kill()
  })

  it('brings back a half-filled checklist with its screenshot after WeChat killed the mini-program', async () => {
    const first = await launch(server, { device: await signedInDevice(server, 'inspector') })
    await openAccounts(first)
    await openChecklist(first, '无锡人社')
    await first.tapClass('seg-pass', 0)
    await first.tapClass('seg-fail', 1)
    await first.waitFor((x) => x.byClass('failure-note').length > 0, 'the note field')
    const [note] = first.byClass('failure-note')
    if (!note) throw new Error('no note field')
    await first.input(note, '公布了办事群众的身份证号')
    first.pick(await screenshot(4))
    await first.tapClass('photo-add')
    await first.waitFor((x) => x.byClass('photo-img').length === 1, 'the screenshot')
    const device = first.kill()

    const id = await accountId('无锡人社')
    const second = await launch(server, { device, path: `pages/inspect/index?accountId=${id}&checkpointId=${CP2}` })
    await second.waitFor((x) => x.text().includes('已恢复未提交的草稿'), 'the restored draft')
    expect(second.byClass('seg-on').map((n) => textOf(n))).toEqual(['合格', '不合格'])
    expect(second.byClass('failure-note')[0]?.attr.value).toBe('公布了办事群众的身份证号')
    await second.waitFor((x) => x.byClass('photo-img').length === 1 && String(x.byClass('photo-img')[0]?.attr.src ?? '').startsWith('wxfile://usr/'), 'the kept screenshot')
    expect(second.text()).toContain('再次提交将替换当前结果')
    healthy(second)
    second.kill()
  })

  it('lets an admin pick a registry .xlsx from a WeChat chat, read the dry run and commit it', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('台账')
    sheet.addRow(['滨湖区政务新媒体台账'])
    sheet.addRow(['政务新媒体名称', '平台', '开办主体', '备注'])
    sheet.addRow(['滨湖文旅', '微信公众号', '滨湖区文化旅游局', '新开'])
    sheet.addRow(['滨湖税务', '网站', '滨湖区税务局', ''])
    const xlsx = Buffer.from(await book.xlsx.writeBuffer())
    const w = await launch(server, { device: await signedInDevice(server, 'admin') })
    await w.waitFor((x) => x.text().includes('导入账号台账'), 'home')
    await w.tapText('导入账号台账')
    await w.waitFor((x) => x.page.route === 'packages/admin/pages/import/index', 'the import page')
    w.host.messageFiles.push([{ name: '滨湖台账.xlsx', bytes: xlsx }])
    await w.tapText('选择表格文件')
    await w.waitFor((x) => x.text().includes('预览：共 2 个账号行'), 'the dry run')
    expect(w.host.requests).toContain('UPLOAD /api/v1/registry/imports')
    expect(w.text()).toContain('滨湖台账.xlsx')
    expect(w.text()).toContain('第4行 · 平台')
    expect(w.text()).toContain('请先修正错误')
    const before = await server.deps.db.selectFrom('accounts').select('id').where('name', '=', '滨湖文旅').execute()
    expect(before).toEqual([])

    // The same file fixed in the chat, picked again: no errors, committed.
    sheet.getRow(4).getCell(2).value = '新浪微博'
    w.host.messageFiles.push([{ name: '滨湖台账-修正.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) }])
    await w.tapText('重新选择文件')
    await w.waitFor((x) => x.text().includes('确认导入 2 个账号'), 'the corrected dry run')
    await w.tapText('确认导入 2 个账号')
    await w.waitFor((x) => x.text().includes('导入完成'), 'the commit')
    const after = await server.deps.db.selectFrom('accounts').select(['name', 'platform']).where('name', 'in', ['滨湖文旅', '滨湖税务']).orderBy('name').execute()
    expect(after).toEqual([
      { name: '滨湖文旅', platform: 'wechat' },
      { name: '滨湖税务', platform: 'weibo' }
    ])
    healthy(w)
    w.kill()
  })
})

describe('the weapp bundle with the server reading screenshots', () => {
  it('proposes the latest post date of a picked article list, accepts it in one tap, and turns a confirmed wording error into the finding', async () => {
    // The server's OCR answers from a script here (test/ocr reads real screenshots with the real engine).
    const lines = [
      { text: '健康无锡', box: [200, 100, 300, 50], confidence: 0.99 },
      { text: '《中华人名共和国行政处罚法》解读', box: [40, 300, 700, 44], confidence: 0.99 },
      { text: '6月18日 阅读 3256 赞 41', box: [40, 360, 400, 36], confidence: 0.99 }
    ] as const
    const reader = {
      warm: async () => 0,
      read: async () => ({ width: 750, height: 1624, lines: lines.map((l) => ({ ...l, box: [...l.box] as [number, number, number, number] })), ms: 5 }),
      stats: () => ({ images: 0, children: 0, timeouts: 0, rss: 0, peakRss: 0 }),
      close: async () => undefined
    }
    const { createOcrQueue } = await import('../../server/ocr/queue')
    server.deps.ocr = createOcrQueue(server.deps, reader)
    // The server's clock inside the round (the phone's stays today's): the app dates the screenshot on the server's calendar.
    server.deps.now = () => new Date('2024-07-10T02:30:00Z')
    const id = await accountId('健康无锡')
    const w = await launch(server, { device: await signedInDevice(server, 'inspector'), path: `pages/inspect/index?accountId=${id}&checkpointId=${CP2}` })
    await w.waitFor((x) => x.byClass('photo-add').length > 0, 'the checklist')
    // Nothing failed yet: the only screenshot tile is the update-lag item's.
    expect(w.byClass('photo-add')).toHaveLength(1)
    w.pick(await screenshot(7))
    await w.tapClass('photo-add')
    await w.waitFor((x) => x.text().includes('截图显示最新发布：6月18日'), 'the proposed date', 20000)
    w.taps = 0
    await w.tapText('采用')
    expect(w.taps).toBe(1)
    await w.waitFor((x) => x.text().includes('2024年6月18日') && x.text().includes('已采用'), 'the date filled in')
    expect(w.text()).toContain('距监测时间点 7 天，更新正常')

    expect(w.text()).toContain('疑似错敏词')
    expect(w.byClass('wording-crop')).toHaveLength(1)
    await w.tapText('确认为问题')
    await w.waitFor((x) => x.byClass('failure-note').some((n) => String(n.attr.value ?? '').includes('「中华人名共和国」应为「中华人民共和国」')), 'the finding filled in')
    expect(w.text()).not.toContain('疑似错敏词')
    healthy(w)
    w.kill()
    await server.deps.ocr.stop()
  })

  it('sends the leader’s summary into a chat as a card with its picture; the card opens that round’s summary for a leader and politely refuses a liaison', async () => {
    const w = await launch(server, { device: await signedInDevice(server, 'leader'), path: `packages/summary/pages/index/index?roundId=${ROUND}` })
    await w.waitFor((x) => x.text().includes('合格率走势') && x.text().includes('发送到微信聊天'), 'the summary')
    type Share = { title: string; path: string; imageUrl?: string }
    const share = (): Share => (w.page.onShareAppMessage as (o: { from: string }) => Share)({ from: 'button' })
    // The picture is downloaded once the figures are in.
    await w.waitFor(() => Boolean(share().imageUrl), 'the card’s picture')
    const card = share()
    expect(card.title).toBe('2024年第二季度政务新媒体检查：合格率99.3%，不合格3个')
    expect(card.path).toBe(`/packages/summary/pages/index/index?roundId=${ROUND}`)
    const picture = w.device.fs.files.get(card.imageUrl ?? '')
    expect(picture).toBeDefined()
    const meta = await (await import('sharp')).default(picture).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 500, 400])
    healthy(w)
    w.kill()

    // Opened from the chat: a leader lands on the round's figures; a liaison is told it is not theirs, without an error.
    const opened = await launch(server, { device: await signedInDevice(server, 'leader'), path: card.path.slice(1) })
    await opened.waitFor((x) => x.text().includes('99.3%') && x.text().includes('不合格'), 'the shared summary')
    healthy(opened)
    opened.kill()
    const liaison = await launch(server, { device: await signedInDevice(server, 'liaison-wjw'), path: card.path.slice(1) })
    await liaison.waitFor((x) => x.text().includes('这份检查概况仅供领导和管理员查看'), 'the polite refusal')
    expect(liaison.text()).not.toMatch(/加载失败|出错/)
    healthy(liaison)
    liaison.kill()
    // Not signed in: the login page first, with the way back.
    const stranger = await launch(server, { path: card.path.slice(1) })
    await stranger.waitFor((x) => x.page.route === 'pages/login/index', 'the login page')
    expect(String(stranger.page.options.redirect ?? '')).toContain('packages/summary/pages/index/index')
    stranger.kill()
  })
})

