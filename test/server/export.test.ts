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
    expect(sheet?.getCell('L3').value).toBe('2024年7月19日')
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
})
