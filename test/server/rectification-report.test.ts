import JSZip from 'jszip'
import { multipart, nationalAnswers, png } from './fixtures'
import { documentText, measureDocx, pdftotext, renderDocx, soffice } from './docx-format'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Each department's 整改情况报告: the issues the circular named, what the liaison did (answers and
 * their screenshots), what is still pending with its planned date, in the official format, and
 * who may have it.
 */

const ROUND = 'r-2024q2'
const WJW = 'd-city-wjw'


describe.each(dialects)('the rectification report (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  let liaison: Record<string, string>
  let shots: string[]
  let answeredId: string

  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-12T02:00:00Z')
    admin = await login(server.app, 'admin')
    liaison = await login(server.app, 'liaison-wjw')
    // A second 卫健委 account fails 内容更新 in this round: the unit has two issues.
    const accounts = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?pageSize=100&q=${encodeURIComponent('卫生')}`, headers: admin })).json().items as { id: string; name: string; department: { id: string } }[]
    const other = accounts.find((a) => a.department.id === WJW && a.name !== '健康无锡')
    expect(other).toBeDefined()
    const upload = async (seed: number) => {
      const body = multipart(await png(seed, 390, 844))
      return (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...body.headers }, payload: body.payload })).json().sha256 as string
    }
    const evidence = multipart(await png(5))
    const found = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...evidence.headers }, payload: evidence.payload })).json().sha256 as string
    const put = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/inspections/c-report-1',
      headers: admin,
      payload: { roundId: ROUND, checkpointId: 'cp-2024q2-2', accountId: other?.id, answers: nationalAnswers('2024-05-01', { 'UPD-1': { note: '两个月未更新', evidence: [found] } }) }
    })
    expect(put.statusCode).toBe(201)
    const issues = (await server.app.inject({ url: `/api/v1/departments/${WJW}/issues?roundId=${ROUND}`, headers: liaison })).json().items as { id: string; account: { name: string } }[]
    expect(issues).toHaveLength(2)
    answeredId = issues.find((i) => i.account.name === '健康无锡')?.id ?? ''
    shots = [await upload(31), await upload(32), await upload(33)]
    const answered = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${answeredId}/answers/ans-report-1`, headers: liaison, payload: { note: '已修复公众号子菜单“在线咨询”，留言可正常提交并在当天回复', evidence: shots } })
    expect(answered.statusCode).toBe(200)
  })
  afterAll(() => server.close())

  const report = (query: string, headers = liaison, department = WJW) => server.app.inject({ url: `/api/v1/departments/${department}/rectification-report.docx?${query}`, headers })

  it('says where the unit stands before it is generated', async () => {
    const view = (await server.app.inject({ url: `/api/v1/departments/${WJW}/rectification-report?roundId=${ROUND}`, headers: liaison })).json()
    expect(view).toMatchObject({ department: { id: WJW, name: '无锡市卫生健康委员会' }, issues: 2, answered: 1, confirmed: 0, pending: 1, planRequired: false, generated: null })
  })

  it('writes each issue as the circular named it, what was done and when, two screenshots set in and the third listed, the pending one with its planned date', async () => {
    const res = await report(`roundId=${ROUND}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const text = await documentText(res.rawPayload)
    const lines = text.split('\n')
    expect(lines[0]).toBe('关于2024年第二季度政务新媒体检查发现问题整改情况的报告')
    expect(lines[1]).toBe('无锡市人民政府办公室：')
    expect(lines[2]).toBe('根据《关于2024年第二季度全市政务新媒体检查情况的通报》要求，我单位对照问题清单逐项整改。本次检查共发现我单位政务新媒体问题2个，已完成整改1个，尚在整改1个。现将整改情况报告如下：')
    expect(text).toContain('一、已完成整改的问题\n（一）健康无锡\n问题：无锡市卫生健康委员会「健康无锡」（微信公众号）：')
    expect(text).toContain('整改情况：已修复公众号子菜单“在线咨询”，留言可正常提交并在当天回复。（2024年7月12日反馈）')
    expect(text).toContain('图1  「健康无锡」整改后截图')
    expect(text).toContain('图2  「健康无锡」整改后截图')
    expect(text).not.toContain('图3')
    expect(text).toContain(`另有整改截图1张，已随整改反馈报送（截图编号 ${shots[2]?.slice(0, 8)}）。`)
    expect(text).toMatch(/二、尚未完成整改的问题\n（一）[^\n]+\n问题：无锡市卫生健康委员会「[^」]+」（微信公众号）：[^\n]*两个月未更新。\n进展：正在整改，计划于2024年7月19日前完成。/)
    expect(text.endsWith('特此报告。\n无锡市卫生健康委员会\n2024年7月12日')).toBe(true)
    const zip = await JSZip.loadAsync(res.rawPayload)
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(2)
  })

  it('meets the same GB/T 9704 rules as the circular (no annex, no 版记)', async () => {
    const res = await report(`roundId=${ROUND}`)
    const rules = await measureDocx(res.rawPayload, { head: false, docNo: false, annex: false, colophon: false })
    expect(rules.filter((r) => !r.ok).map((r) => `${r.rule}: ${r.value}`)).toEqual([])
    if (soffice && pdftotext) {
      const r = renderDocx(res.rawPayload)
      expect(r.pageNumbers).toEqual(Array.from({ length: r.pages }, (_, i) => `—${i + 1}—`))
      expect(Math.max(...r.linesPerPage)).toBeLessThanOrEqual(22)
    }
  }, 200000)

  it('shows on 整改情况 when and by whom it was generated', async () => {
    const overview = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: admin })).json()
    const row = overview.items.find((r: { department: { id: string } }) => r.department.id === WJW)
    expect(row.report).toEqual({ at: '2024-07-12T02:00:00.000Z', by: '陈静' })
    expect(overview.items.find((r: { department: { id: string } }) => r.department.id !== WJW).report).toBeNull()
    const audit = await server.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'export.rectification_report').execute()
    expect(audit.length).toBeGreaterThanOrEqual(1)
  })

  it('after the deadline, asks for a planned date and refuses a bad one; a returned answer is said so', async () => {
    server.deps.now = () => new Date('2024-07-25T02:00:00Z')
    try {
      const needed = await report(`roundId=${ROUND}`)
      expect(needed.statusCode).toBe(422)
      expect(needed.json().error.code).toBe('REPORT_PLAN_REQUIRED')
      expect(needed.json().error.message).toContain('还有 1 个问题未完成整改')
      for (const bad of ['2024-07-20', '2024-13-01', '8月31日']) {
        const refused = await report(`roundId=${ROUND}&plannedBy=${encodeURIComponent(bad)}`)
        expect(refused.statusCode).toBe(400)
        expect(refused.json().error.code).toBe('REPORT_PLAN_INVALID')
      }
      const inspector = await login(server.app, 'inspector')
      const back = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${answeredId}/reviews/rev-report-1`, headers: inspector, payload: { decision: 'return', reason: '截图未显示留言回复' } })
      expect(back.statusCode).toBe(200)
      const res = await report(`roundId=${ROUND}&plannedBy=2024-08-31`)
      expect(res.statusCode).toBe(200)
      const text = await documentText(res.rawPayload)
      expect(text).not.toContain('一、已完成整改的问题')
      expect(text).toContain('一、尚未完成整改的问题')
      expect(text).toContain('进展：整改反馈已被检查组退回（理由：截图未显示留言回复），正在重新整改，计划于2024年8月31日前完成。')
      expect(text).toContain('进展：正在整改，计划于2024年8月31日前完成。')
      expect((await server.app.inject({ url: `/api/v1/departments/${WJW}/rectification-report?roundId=${ROUND}`, headers: liaison })).json().planRequired).toBe(true)
    } finally {
      server.deps.now = () => new Date('2024-07-12T02:00:00Z')
    }
  })

  it('is for the unit’s liaison, admins and leaders in scope; others are refused and nothing is recorded', async () => {
    const before = await server.deps.db.selectFrom('rectification_reports').selectAll().execute()
    expect((await report(`roundId=${ROUND}`, await login(server.app, 'leader'))).statusCode).toBe(200)
    expect((await report(`roundId=${ROUND}`, admin)).statusCode).toBe(200)
    const inspector = await report(`roundId=${ROUND}`, await login(server.app, 'inspector'))
    expect(inspector.statusCode).toBe(403)
    const otherUnit = await report(`roundId=${ROUND}`, await login(server.app, 'liaison-xishan'))
    expect(otherUnit.statusCode).toBe(404)
    expect((await report('', liaison)).json().error.code).toBe('REPORT_ROUND_REQUIRED')
    expect((await report(`roundId=r-missing`)).statusCode).toBe(404)
    // A unit with no issue in the round has nothing to report.
    const empty = await report(`roundId=${ROUND}`, admin, 'd-city-bgs')
    expect(empty.statusCode).toBe(409)
    expect(empty.json().error.code).toBe('REPORT_NOTHING_TO_REPORT')
    const after = await server.deps.db.selectFrom('rectification_reports').selectAll().where('department_id', '!=', WJW).execute()
    expect(after).toEqual(before.filter((r) => r.department_id !== WJW))
  })
})
