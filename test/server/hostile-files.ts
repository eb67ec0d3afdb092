import { crc32, deflateRawSync } from 'node:zlib'
import iconv from 'iconv-lite'

/**
 * A corpus of hostile spreadsheets, made here byte by byte (nothing downloaded): zip bombs that
 * declare their size and ones that lie about it, a million rows in a small file, huge shared
 * strings and cells, deep XML, XXE and billion-laughs entities, too many entries and columns,
 * ZIP64 and truncated archives, and CSVs with a million rows, a huge cell and broken GBK bytes.
 * Each file says what the server must answer. Used by test/server/hostile-files.test.ts and
 * bench/hostile-files.ts.
 */
export interface HostileFile {
  name: string
  filename: string
  bytes: Buffer
  /** The answer: a status and error code, or 201 for a file read as it should be. */
  expect: { status: number; code?: string }
  what: string
}

interface Entry {
  name: string
  data: Buffer
  /** Stored (0) or deflated (8, default). */
  method?: 0 | 8
  /** Precompressed bytes (with data's length as the declared size unless `declare` says otherwise). */
  packed?: Buffer
  /** A declared unpacked size other than the real one (a lying entry). */
  declare?: number
}

/** A zip archive of these entries, written the way Excel writes one (local headers, central directory, end record). */
export function zip(entries: Entry[], opts: { zip64Count?: boolean } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const method = e.method ?? 8
    const packed = e.packed ?? (method === 8 ? deflateRawSync(e.data) : e.data)
    const name = Buffer.from(e.name, 'utf8')
    const size = e.declare ?? e.data.length
    const crc = e.packed ? 0 : crc32(e.data) >>> 0
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, packed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + packed.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(opts.zip64Count ? 0xffff : entries.length, 8)
  end.writeUInt16LE(opts.zip64Count ? 0xffff : entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const col = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : col(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)))

/** The parts of a one-sheet workbook around a given sheet XML (and optional shared strings). */
export function xlsxParts(sheetXml: string | Buffer, extra: Entry[] = [], sharedStrings?: string): Entry[] {
  const parts: Entry[] = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          (sharedStrings !== undefined ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
          '</Types>'
      )
    },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          (sharedStrings !== undefined ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
          '</Relationships>'
      )
    },
    { name: 'xl/worksheets/sheet1.xml', data: typeof sheetXml === 'string' ? Buffer.from(sheetXml) : sheetXml }
  ]
  if (sharedStrings !== undefined) parts.push({ name: 'xl/sharedStrings.xml', data: Buffer.from(sharedStrings) })
  return [...parts, ...extra]
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
const SHEET_TAIL = '</sheetData></worksheet>'

/** A sheet of inline-string rows. */
export function sheetXml(rows: string[][]): string {
  const body = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((t, c) => `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${esc(t)}</t></is></c>`).join('')}</row>`).join('')
  return SHEET_HEAD + body + SHEET_TAIL
}

const HEADER = ['账号名称', '平台类型', '主办单位']

/** A well-formed registry workbook of n rows (the control: it must be read). */
export function registryXlsx(n: number): Buffer {
  const rows = [HEADER, ...Array.from({ length: n }, (_, i) => [`测试政务号${i + 1}`, '微信公众号', `测试局${i % 7}`])]
  return zip(xlsxParts(sheetXml(rows)))
}

let zeros: Buffer | null = null
/** 256 MB of zeros, deflated (about 250 KB), made once. */
function deflatedZeros(): Buffer {
  zeros ??= deflateRawSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 })
  return zeros
}

export function hostileCorpus(): HostileFile[] {
  const ok = registryXlsx(3)
  const base = xlsxParts(sheetXml([HEADER, ['测试号', '微信公众号', '测试局']]))
  const z = deflatedZeros()
  const files: HostileFile[] = [
    { name: 'control', filename: '台账.xlsx', bytes: ok, expect: { status: 201 }, what: '正常的 3 行台账（对照）' },
    {
      name: 'zip-bomb-media',
      filename: '台账.xlsx',
      bytes: zip([...base, ...[1, 2, 3].map((i) => ({ name: `xl/media/image${i}.png`, data: Buffer.alloc(0), packed: z, declare: 256 * 1024 * 1024 }))]),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '3 个各 256 MB 的全零 xl/media 条目（如实声明）'
    },
    {
      name: 'zip-bomb-lying',
      filename: '台账.xlsx',
      bytes: zip([...base, { name: 'xl/media/image1.png', data: Buffer.alloc(0), packed: z, declare: 900 * 1024 }]),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '声明 900 KB、实际解压 256 MB 的条目'
    },
    {
      name: 'zip-bomb-sheet',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(Buffer.alloc(0), [], undefined).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, packed: z, declare: 40 * 1024 * 1024 } : e))),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '工作表 XML 声明 40 MB，实际是 256 MB 的全零'
    },
    {
      name: 'million-rows',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(SHEET_HEAD + `<row r="1"><c r="A1" t="inlineStr"><is><t>账号名称</t></is></c></row>` + Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 2}"/>`).join('') + SHEET_TAIL)),
      expect: { status: 413 },
      what: '100 万个空行（约 650 KB）'
    },
    {
      name: '100k-rows',
      filename: '台账.xlsx',
      bytes: registryXlsx(100_000),
      expect: { status: 413, code: 'FILE_TOO_MANY_ROWS' },
      what: '10 万行真实内容'
    },
    {
      name: 'huge-shared-string',
      filename: '台账.xlsx',
      bytes: zip(
        xlsxParts(
          SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c></row>' + SHEET_TAIL,
          [],
          `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>账号名称</t></si><si><t>平台类型</t></si><si><t>主办单位</t></si><si><t>${'政'.repeat(20_000_000)}</t></si></sst>`
        )
      ),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '一个 6000 万字节的共享字符串'
    },
    {
      name: 'long-cell',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(sheetXml([HEADER, [Array.from({ length: 60_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(''), '微信公众号', '测试局']]))),
      expect: { status: 413, code: 'FILE_CELL_TOO_LONG' },
      what: '一个 6 万字的单元格'
    },
    {
      name: 'wide',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(sheetXml([[...HEADER, ...Array.from({ length: 300 }, (_, i) => `列${i}`)], ['测试号', '微信公众号', '测试局']]))),
      expect: { status: 413, code: 'FILE_TOO_MANY_COLUMNS' },
      what: '303 列'
    },
    {
      name: 'many-entries',
      filename: '台账.xlsx',
      bytes: zip([...base, ...Array.from({ length: 5000 }, (_, i) => ({ name: `xl/media/x${i}.png`, data: Buffer.from('x') }))]),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '5000 个条目'
    },
    { name: 'zip64', filename: '台账.xlsx', bytes: zip(base, { zip64Count: true }), expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' }, what: 'ZIP64 标记' },
    { name: 'truncated', filename: '台账.xlsx', bytes: ok.subarray(0, Math.floor(ok.length * 0.6)), expect: { status: 422, code: 'FILE_UNREADABLE' }, what: '截断到 60% 的 .xlsx' },
    {
      name: 'deep-xml',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>账号名称</t></is></c></row>' + '<x>'.repeat(200_000) + '</x>'.repeat(200_000) + SHEET_TAIL)),
      expect: { status: 413, code: 'FILE_ARCHIVE_TOO_LARGE' },
      what: '20 万层嵌套的 XML 元素（压缩比过高）'
    },
    {
      name: 'deep-xml-parsed',
      filename: '台账.xlsx',
      bytes: zip(xlsxParts(SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>账号名称</t></is></c><c r="B1" t="inlineStr"><is><t>平台类型</t></is></c><c r="C1" t="inlineStr"><is><t>主办单位</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>测试号</t></is></c><c r="B2" t="inlineStr"><is><t>微信公众号</t></is></c><c r="C2" t="inlineStr"><is><t>测试局</t></is></c></row>' + '<x>'.repeat(100_000) + '</x>'.repeat(100_000) + SHEET_TAIL)),
      expect: { status: 201 },
      what: '10 万层嵌套的 XML 元素（交给解析器）'
    },
    {
      name: 'xxe',
      filename: '台账.xlsx',
      bytes: zip(
        xlsxParts(
          SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>' + SHEET_TAIL,
          [],
          '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>账号名称</t></si><si><t>平台类型</t></si><si><t>主办单位</t></si><si><t>&xxe;</t></si></sst>'
        )
      ),
      expect: { status: 422 },
      what: '外部实体（XXE）读取 /etc/passwd'
    },
    {
      name: 'billion-laughs',
      filename: '台账.xlsx',
      bytes: zip(
        xlsxParts(
          SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL,
          [],
          '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
            Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
            ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
        )
      ),
      expect: { status: 422 },
      what: '十亿笑（实体指数展开）'
    },
    { name: 'csv-million-rows', filename: '台账.csv', bytes: Buffer.from('账号名称,平台类型,主办单位\n' + 'a,b,c\n'.repeat(1_000_000)), expect: { status: 413, code: 'FILE_TOO_MANY_ROWS' }, what: '100 万行的 CSV（6 MB）' },
    { name: 'csv-long-cell', filename: '台账.csv', bytes: Buffer.from('账号名称,平台类型,主办单位\n"' + '长'.repeat(3_000_000) + '",微信公众号,测试局\n'), expect: { status: 413, code: 'FILE_CELL_TOO_LONG' }, what: '一个 300 万字的 CSV 单元格' },
    {
      name: 'csv-gbk-broken',
      filename: '台账.csv',
      bytes: Buffer.concat([iconv.encode('账号名称,平台类型,主办单位\n锡山发布,微信公众号,锡山区人民政府\n', 'gbk'), Buffer.from([0x81, 0x0a, 0xff, 0xfe, 0x80]), iconv.encode('\n锡山教育,微信公众号,锡山区教育局\n', 'gbk')]),
      expect: { status: 201 },
      what: 'GBK 编码中夹着坏字节'
    },
    { name: 'binary-junk', filename: '台账.xls', bytes: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0xab)]), expect: { status: 422, code: 'FILE_UNREADABLE' }, what: '伪造的复合文档头加垃圾字节' }
  ]
  return files
}
