import JSZip from 'jszip'
import { documentText } from './docx-format'
import { multipart, nationalAnswers, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/** The circular (通报): figures and names from the data, the office's own sections, a .docx read back. */

describe.each(dialects)('the circular (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    admin = await login(server.app, 'admin')
  })
  afterAll(() => server.close())

  const docx = async (roundId: string, headers = admin) => {
    const res = await server.app.inject({ url: `/api/v1/rounds/${roundId}/circular.docx`, headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    return documentText(res.rawPayload)
  }

  it('states the demo round’s figures, names the three accounts under 存在问题, and asks for feedback by 2024年7月19日', async () => {
    const text = await docx('r-2024q2', await login(server.app, 'leader'))
    for (const figure of ['共有政务新媒体425个', '市级部门112个', '及其部门313个', '微信公众号299个', '微博63个', '移动客户端4个', '其他59个', '总体合格率为99.3%']) expect(text).toContain(figure)
    const order = ['一、总体情况', '二、主要做法和成效', '三、存在问题', '四、下一步工作要求', '附件：政务新媒体检查问题清单', '政务新媒体检查问题清单']
    const at = order.map((h) => text.indexOf(h))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    // Section 二: the office's opening, then the picked good practices by theme, each naming its account.
    const practices = text.slice(text.indexOf('二、主要做法和成效'), text.indexOf('三、存在问题'))
    expect(practices).toContain('（一）服务功能方面。')
    for (const name of ['「无锡城管」', '「无锡人社」', '「无锡医保」']) expect(practices).toContain(name)
    expect(practices).not.toContain('无锡文旅')
    const problems = text.slice(text.indexOf('三、存在问题'), text.indexOf('四、下一步工作要求'))
    for (const name of ['「锡山发改」', '「经开综合执法」', '「健康无锡」']) expect(problems).toContain(name)
    expect(problems).toMatch(/（一）安全方面。/)
    expect(text).toContain('于2024年7月19日前将整改情况反馈至')
    expect(text).toContain('分别于5月10日、6月25日对全市政务新媒体开展两轮检查')
    // The annex lists every issue, one row each.
    const annex = text.slice(text.lastIndexOf('政务新媒体检查问题清单'))
    for (const name of ['锡山发改', '经开综合执法', '健康无锡']) expect(annex).toContain(name)
  })

  it('keeps what the admin writes into the heading and sections 二 and 四, refuses what is not a circular, and audits it', async () => {
    const view = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular', headers: admin })).json()
    expect(view.title).toBe('关于2024年第二季度全市政务新媒体检查情况的通报')
    expect(view.preview.sections.map((s: { heading: string }) => s.heading)).toEqual(['一、总体情况', '二、主要做法和成效', '三、存在问题', '四、下一步工作要求'])
    const put = (payload: object, headers = admin) => server.app.inject({ method: 'PUT', url: '/api/v1/rounds/r-2024q2/circular', headers, payload })
    const body = { office: '无锡市人民政府办公室', docNo: '锡政办发〔2024〕12号', title: view.title, practices: '无锡城管开设“城管服务”专栏，市民可在线反映问题。\n无锡人社上线社保查询服务。', nextSteps: '（一）严把内容安全关。' }
    const saved = await put(body)
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ office: '无锡市人民政府办公室', docNo: '锡政办发〔2024〕12号', updatedBy: '王珊' })
    const text = await docx('r-2024q2')
    expect(text).toContain('锡政办发〔2024〕12号')
    const practices = text.slice(text.indexOf('二、主要做法和成效'), text.indexOf('三、存在问题'))
    expect(practices).toContain('无锡城管开设“城管服务”专栏')
    expect(practices).toContain('无锡人社上线社保查询服务。')
    expect(text.slice(text.indexOf('四、下一步工作要求'))).toContain('（一）严把内容安全关。')

    const refused = await put({ ...body, title: '  ' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({ code: 'CIRCULAR_INVALID', message: '标题不能为空，且不超过80个字' })
    expect((await put({ ...body, nextSteps: 'x'.repeat(5001) })).json().error.code).toBe('CIRCULAR_INVALID')
    expect((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular', headers: admin })).json().docNo).toBe('锡政办发〔2024〕12号')
    expect((await put(body, await login(server.app, 'leader'))).statusCode).toBe(403)
    expect((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular.docx', headers: await login(server.app, 'inspector') })).statusCode).toBe(403)
    expect((await server.app.inject({ url: '/api/v1/rounds/r-none/circular', headers: admin })).json().error.code).toBe('NOT_FOUND')
    const audit = await server.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', 'r-2024q2').where('action', 'in', ['circular.update', 'export.circular']).execute()
    // One download by the leader above, one here.
    expect(audit.map((a) => a.action).sort()).toEqual(['circular.update', 'export.circular', 'export.circular'])
  })

  it('says 71.9% for a round of 139 accounts where 39 fail', async () => {
    server.deps.now = () => new Date('2024-08-01T02:00:00Z')
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/rounds',
      headers: admin,
      payload: { name: '2024年第三季度', catalogId: 'national-2019@1', checkpoints: ['2024-08-10'], deadline: '2024-10-18', contactName: '李华', contactPhone: '0510-12345678', scope: { kind: 'sample', percent: 33, seed: 7 } }
    })
    const round = created.json()
    await server.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: admin, payload: {} })
    const page = async (n: number) => (await server.app.inject({ url: `/api/v1/rounds/${round.id}/accounts?pageSize=100&page=${n}`, headers: admin })).json().items as { id: string; name: string }[]
    const accounts = [...(await page(1)), ...(await page(2))]
    const scope = accounts.slice(0, 139)
    expect(scope).toHaveLength(139)
    const upload = multipart(await png(91))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...upload.headers }, payload: upload.payload })).json().sha256 as string
    for (const [i, a] of scope.entries()) {
      const answers = i < 39 ? nationalAnswers('2024-06-01', { 'UPD-1': { note: '两个月未更新', evidence: [shot] } }) : nationalAnswers('2024-08-05')
      expect((await server.app.inject({ method: 'PUT', url: `/api/v1/inspections/c-circ-${i}`, headers: admin, payload: { roundId: round.id, checkpointId: `${round.id}-cp1`, accountId: a.id, answers } })).statusCode).toBe(201)
    }
    const text = await docx(round.id)
    expect(text).toContain(`共检查政务新媒体139个，合格100个，不合格39个，总体合格率为71.9%`)
    expect(text).toContain('于2024年10月18日前将整改情况反馈至')
    expect(text).toContain('联系人：李华，电话：0510-12345678。')
    const problems = text.slice(text.indexOf('三、存在问题'), text.indexOf('四、下一步工作要求'))
    expect(problems).toContain('（一）内容更新方面。')
    expect(problems).toContain(`「${scope[0]?.name}」`)
    expect(problems).not.toContain(`「${scope[50]?.name}」`)
    expect(text).toContain('本批次暂未选取典型做法。')
  })

  it('lays the .docx out as an official document: red head and rule, centred title, fonts by level, signature flush right, annex on its own page (the rest of GB/T 9704: document-format.test.ts)', async () => {
    const res = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular.docx', headers: admin })
    const xml = (await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')?.async('string')) ?? ''
    const paragraphs = xml.split('</w:p>')
    const textOf = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    // The office's line first; the document number, when the office gives one, between it and the rule.
    const office = paragraphs[0] ?? ''
    const at = paragraphs.findIndex((p) => p.includes('<w:bottom '))
    expect(at).toBeGreaterThanOrEqual(1)
    expect(at).toBeLessThanOrEqual(2)
    const [rule, title] = [paragraphs[at] ?? '', paragraphs[at + 1] ?? '']
    expect(office).toContain('<w:jc w:val="center"/>')
    expect(office).toContain('<w:spacing w:after="240"/>')
    expect(office).toContain('<w:color w:val="C00000"/>')
    expect(textOf(office)).toMatch(/办公室$/)
    expect(rule).toMatch(/<w:bottom w:val="single" w:color="C00000" w:sz="12" w:space="1"\/>/)
    expect(title).toContain('<w:jc w:val="center"/>')
    // A paragraph's spacing, whatever order the attributes come in.
    const spacing = (p: string) => Object.fromEntries([...(/<w:spacing ([^>]*)\/>/.exec(p)?.[1] ?? '').matchAll(/w:(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    // Two grid lines below the rule, one above the addressee (GB/T 9704: 红色分隔线下空二行).
    expect(spacing(title)).toEqual({ before: '1158', after: '579', line: '700', lineRule: 'exact' })
    expect(title).toContain('w:ascii="方正小标宋简体"')
    expect(title).toMatch(/<w:t(?: [^>]*)?>[^<]*通报<\/w:t>/)

    // The body: the addressee flush left, headings in 黑体, subheadings in 楷体, text in 仿宋 with a two-character indent.
    const find = (what: RegExp) => paragraphs.find((p) => what.test(textOf(p))) ?? ''
    const addressee = paragraphs[at + 2] ?? ''
    expect(textOf(addressee)).toMatch(/[：:]$/)
    expect(addressee).not.toContain('<w:ind ')
    const heading = find(/^一、总体情况$/)
    expect(heading).toContain('w:ascii="黑体"')
    expect(heading).toContain('<w:ind w:firstLine="640"/>')
    const subheading = find(/^（一）安全方面。$/)
    expect(subheading).toContain('w:ascii="楷体_GB2312"')
    const text = find(/共有政务新媒体425个/)
    expect(text).toContain('w:ascii="仿宋_GB2312"')
    expect(text).toContain('<w:jc w:val="both"/>')
    expect(spacing(text)).toEqual({ line: '579', lineRule: 'exact' })
    // Signed by the office and dated, flush right; the annex in a section (and so on a page) of its own.
    const pageBreak = paragraphs.findIndex((p) => p.includes('<w:sectPr>'))
    const dated = paragraphs.map((p, i) => (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(textOf(p)) && i <= pageBreak ? i : -1))
    const signature = Math.max(...dated)
    expect(signature).toBeGreaterThan(at)
    expect(paragraphs[signature]).toContain('<w:jc w:val="right"/>')
    expect(paragraphs[signature - 1]).toContain('<w:jc w:val="right"/>')
    expect(textOf(paragraphs[signature - 1] ?? '')).toBe(textOf(office))
    expect(textOf(paragraphs[pageBreak + 1] ?? '')).toBe('附件')
    expect(paragraphs[pageBreak + 1]).toContain('w:ascii="黑体"')
    const annexTitle = paragraphs[pageBreak + 2] ?? ''
    expect(textOf(annexTitle)).toBe('政务新媒体检查问题清单')
    expect(spacing(annexTitle)).toEqual({ before: '240', after: '240' })
    expect(annexTitle).toContain('<w:jc w:val="center"/>')
  })
})
