import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import * as XLSX from 'xlsx'
import { decodeText, readCsv, readSheet, readWorkbook, sheetKind } from '../../server/sheets/read'

/** Reading the sheets offices send: xlsx with title rows and merged headers, CSV in UTF-8 or GBK. */

async function xlsx(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  build(book.addWorksheet('台账'))
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe('reading an .xlsx', () => {
  it('gives every cell as text: dates, numbers, formulas, rich text, merged ranges', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['无锡市政务新媒体台账'])
      s.mergeCells('A1:D1')
      s.addRow(['账号名称', '平台', '开设日期', '联系方式'])
      s.addRow(['健康无锡', { richText: [{ text: '微信' }, { text: '公众号' }] }, new Date(Date.UTC(2016, 2, 1)), 13800138000])
      s.addRow(['无锡发布', '微博', { formula: 'DATE(2012,5,3)', result: new Date(Date.UTC(2012, 4, 3)) }, '0510-81234567'])
      s.addRow([])
      s.addRow(['', '  '])
    })
    expect(await readSheet('台账.xlsx', bytes)).toEqual([
      ['无锡市政务新媒体台账', '无锡市政务新媒体台账', '无锡市政务新媒体台账', '无锡市政务新媒体台账'],
      ['账号名称', '平台', '开设日期', '联系方式'],
      ['健康无锡', '微信公众号', '2016-03-01', '13800138000'],
      ['无锡发布', '微博', '2012-05-03', '0510-81234567']
    ])
  })

  it('is recognised by its content whatever its name, and a broken one is refused by name', async () => {
    const bytes = await xlsx((s) => s.addRow(['a']))
    expect(sheetKind('registry.bin', bytes)).toBe('xlsx')
    await expect(readSheet('x.xlsx', Buffer.from('PK\u0003\u0004 not a zip'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', status: 422 })
    expect(() => sheetKind('x.xlsx', Buffer.from('hello'))).toThrow(expect.objectContaining({ code: 'FILE_UNREADABLE' }))
    expect(sheetKind('old.bin', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('legacy')
    expect(() => sheetKind('old.xls', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toThrow(expect.objectContaining({ code: 'FILE_UNREADABLE' }))
    expect(() => sheetKind('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toThrow(expect.objectContaining({ code: 'FILE_TYPE_UNSUPPORTED' }))
  })
})

describe('reading a .csv', () => {
  const text = '账号名称,平台类型,主办单位\r\n"健康无锡","微信公众号","无锡市卫生健康委员会"\r\n"无锡""发布""",微博,"无锡市人民政府\n办公室"\r\n\r\n,,\r\n'

  it('reads UTF-8 with or without BOM, and GBK', async () => {
    const expected = [
      ['账号名称', '平台类型', '主办单位'],
      ['健康无锡', '微信公众号', '无锡市卫生健康委员会'],
      ['无锡"发布"', '微博', '无锡市人民政府\n办公室']
    ]
    expect(await readSheet('a.csv', Buffer.from(text))).toEqual(expected)
    expect(await readSheet('a.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(expected)
    const gbk = iconv.encode(text, 'gbk')
    expect(gbk.toString('utf8')).not.toContain('健康')
    expect(await readSheet('a.csv', gbk)).toEqual(expected)
    expect(decodeText(iconv.encode('锡山区发展和改革委员会', 'gbk'))).toBe('锡山区发展和改革委员会')
  })

  it('reads tab-separated text and a last line without a line break', () => {
    expect(readCsv('名称\t平台\n健康无锡\t微信')).toEqual([
      ['名称', '平台'],
      ['健康无锡', '微信']
    ])
  })
})

describe('a workbook of several sheets', () => {
  it('gives every worksheet with content, by name, in order', async () => {
    const book = new ExcelJS.Workbook()
    book.addWorksheet('说明').addRow(['填表说明：每个区一张表'])
    book.addWorksheet('空表')
    book.addWorksheet('云龙区').addRows([['账号名称', '平台'], ['云龙发布', '抖音']])
    book.addWorksheet('铜山区').addRows([['账号名称', '平台'], ['铜山发布', '微博']])
    const sheets = await readWorkbook('台账.xlsx', Buffer.from(await book.xlsx.writeBuffer()))
    expect(sheets.map((s) => s.name)).toEqual(['说明', '云龙区', '铜山区'])
    expect(sheets[2]?.rows).toEqual([
      ['账号名称', '平台'],
      ['铜山发布', '微博']
    ])
  })
})

describe('legacy workbooks (.xls, WPS .et, HTML saved as .xls), read in a child process', () => {
  const legacy = (bookType: XLSX.BookType) => {
    const book = XLSX.utils.book_new()
    const a = XLSX.utils.aoa_to_sheet([['某市政务新媒体台账'], ['账号名称', '平台类型', '开设日期', '电话'], ['云龙发布', '抖音', new Date(2019, 2, 1), 13800138000]], { cellDates: true })
    a['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }]
    XLSX.utils.book_append_sheet(book, a, '云龙区')
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['账号名称', '平台类型'], ['铜山发布', '微博']]), '铜山区')
    return Buffer.from(XLSX.write(book, { type: 'buffer', bookType }) as Buffer)
  }

  it('reads every sheet of an .xls and of an .et (BIFF8 in a compound file), merged titles and dates included', async () => {
    const bytes = legacy('biff8')
    expect(sheetKind('台账.xls', bytes)).toBe('legacy')
    for (const name of ['台账.xls', '台账.et']) {
      const sheets = await readWorkbook(name, bytes)
      expect(sheets.map((s) => s.name)).toEqual(['云龙区', '铜山区'])
      expect(sheets[0]?.rows).toEqual([
        ['某市政务新媒体台账', '某市政务新媒体台账', '某市政务新媒体台账', '某市政务新媒体台账'],
        ['账号名称', '平台类型', '开设日期', '电话'],
        ['云龙发布', '抖音', '2019-03-01', '13800138000']
      ])
    }
  })

  it('reads an HTML table saved under an .xls name', async () => {
    const html = Buffer.from('<html><body><table><tr><td>账号名称</td><td>平台类型</td></tr><tr><td>云龙发布</td><td>抖音</td></tr></table></body></html>')
    expect(sheetKind('export.xls', html)).toBe('legacy')
    expect((await readWorkbook('export.xls', html))[0]?.rows).toEqual([
      ['账号名称', '平台类型'],
      ['云龙发布', '抖音']
    ])
  })

  it('refuses a broken compound file with 422 and a message, and the server goes on', async () => {
    const broken = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0x41)])
    await expect(readWorkbook('坏的.xls', broken)).rejects.toMatchObject({ status: 422, code: 'FILE_UNREADABLE', message: expect.stringContaining('另存为 .xlsx') })
  })
})
