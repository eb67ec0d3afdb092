import { multipart, png } from './fixtures'
import ExcelJS from 'exceljs'
import { dialects, login, startServer, type TestServer } from './harness'

async function read(body: Buffer) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(body as unknown as ExcelJS.Buffer)
  return book.getWorksheet('问题清单')
}

describe.each(dialects)('the issue list as .xlsx on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(async () => {
    await server.close()
  })

  it('exports the whole round for the office, with a thumbnail per screenshot', async () => {
    const res = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues.xlsx', headers: await login(server.app, 'admin') })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('2024年第二季度问题清单-全部单位.xlsx')
    const sheet = await read(res.rawPayload)
    expect(sheet?.getCell('A1').value).toBe('2024年第二季度政务新媒体检查问题清单（全部单位）')
    expect(sheet?.getRow(2).values).toEqual(expect.arrayContaining(['账号名称', '问题描述', '截图', '整改期限']))
    const accounts = [3, 4, 5].map((r) => sheet?.getCell(`B${r}`).value).sort()
    expect(accounts).toEqual(['健康无锡', '经开综合执法', '锡山发改'].sort())
    expect(sheet?.getImages()).toHaveLength(3)
    expect(sheet?.getCell('N3').value).toBe('2024年7月19日')
    // The title and the column names stay in view while the office scrolls the list.
    expect(sheet?.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 2 })])
  })

  it('exports one department for its liaison, and refuses another department', async () => {
    const liaison = await login(server.app, 'liaison-wjw')
    const own = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues.xlsx?departmentId=d-city-wjw', headers: liaison })
    const sheet = await read(own.rawPayload)
    expect(sheet?.getCell('B3').value).toBe('健康无锡')
    expect(sheet?.getCell('B4').value).toBeNull()
    const other = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues.xlsx?departmentId=d-xs-fgj', headers: liaison })
    expect(other.statusCode).toBe(403)
  })
  it('carries the liaison’s latest answer, the office’s review and when it last changed', async () => {
    server.deps.now = () => new Date('2024-07-17T02:30:00Z')
    const liaison = await login(server.app, 'liaison-wjw')
    const admin = await login(server.app, 'admin')
    const issue = await server.deps.db.selectFrom('issues').select('id').where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    const upload = multipart(await png(61))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...upload.headers }, payload: upload.payload })).json().sha256
    const answer = (clientId: string, note: string) =>
      server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/answers/${clientId}`, headers: liaison, payload: { note, evidence: [shot] } })
    expect((await answer('ans-export-1', '已修复子菜单')).statusCode).toBe(200)
    const ret = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/reviews/rev-export-1`, headers: admin, payload: { decision: 'return', reason: '截图不清晰' } })
    expect(ret.statusCode).toBe(200)
    const sheet = await read((await server.app.inject({ url: '/api/v1/rounds/r-2024q2/issues.xlsx?departmentId=d-city-wjw', headers: admin })).rawPayload)
    expect(sheet?.getRow(2).values).toEqual(expect.arrayContaining(['状态', '整改反馈', '审核意见', '最近更新']))
    expect(sheet?.getCell('J3').value).toBe('退回')
    expect(sheet?.getCell('K3').value).toBe('已修复子菜单')
    expect(sheet?.getCell('L3').value).toBe('退回：截图不清晰')
    expect(sheet?.getCell('P3').value).toBe('2024年7月17日 10:30')
  })
})
