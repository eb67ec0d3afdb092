import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { buildApp } from '../server/app'
import { migrateToLatest, type Dialect } from '../server/db'
import { defaultIds } from '../server/deps'
import { seedDemo } from '../server/demo/seed'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { openFresh, postgresUp } from './fresh-db'

/**
 * Registry import at scale: a 20,000-row .xlsx of 20 worksheets (each with a title row, synonyms in
 * its header, a 合计 row and a 填表人 line; 400 host units under 20 competent units, every platform)
 * sent through the API as the admin does: the dry run, the commit, and the re-import dry run of
 * the same file (all unchanged), on the demo database.
 * Run: `npx tsx bench/import.ts [rows] [sheets]`. PostgreSQL too when it answers at DATABASE_URL.
 */
const ROWS = Number(process.argv[2] ?? 20_000)
const SHEETS = Math.max(1, Number(process.argv[3] ?? 20))
const PLATFORMS = ['微信公众号', '新浪微博', '抖音', '今日头条', '客户端/APP', '微信订阅号']

async function sheet(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheets = Array.from({ length: SHEETS }, (_, k) => {
    const s = book.addWorksheet(`第${k + 1}片区`)
    s.addRow([`某市政务新媒体账号台账（第${k + 1}片区）`])
    s.addRow(['政务新媒体名称', '平台', '开办主体', '主管单位', '层级', '微信号', '状态', '运维人员', '联系电话', '备案编号', '开设时间'])
    return s
  })
  for (let i = 0; i < rows; i++) {
    const unit = i % 400
    // A unit's accounts stay on one sheet, as a sheet per district keeps them.
    const s = sheets[unit % SHEETS] as ExcelJS.Worksheet
    s.addRow([
      `测试账号${i}`,
      PLATFORMS[i % PLATFORMS.length],
      `测试单位${unit}`,
      `测试主管单位${unit % 20}`,
      unit % 4 === 0 ? '市级' : '县(市、区)',
      `ref${i}`,
      '运行',
      `运维${i % 97}`,
      `138${String(i).padStart(8, '0')}`,
      `BA-${i}`,
      new Date(Date.UTC(2015 + (i % 9), i % 12, 1 + (i % 28)))
    ])
  }
  for (const s of sheets) {
    s.addRow(['合计', '', `${s.rowCount - 2}个`])
    s.addRow(['填表人：王珊', '', '', '审核人：刘建国'])
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

function form(bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----gnmbench'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="registry.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function bench(dialect: Dialect, file: Buffer): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `gnm-bench-import-${dialect}-`))
  const { db, drop } = await openFresh(dialect, dir)
  try {
    await migrateToLatest(db)
    const deps = { db: db.db, evidence: new LocalEvidenceStore(join(dir, 'evidence')), now: () => new Date(), newId: defaultIds() }
    await seedDemo(deps)
    const app = await buildApp({ deps, demo: true })
    const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'admin' } })).json().token as string
    const headers = { authorization: `Bearer ${token}` }
    const dryRun = async () => {
      const body = form(file)
      const t = performance.now()
      const res = await app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: body.payload, headers: { ...headers, ...body.headers } })
      if (res.statusCode !== 201) throw new Error(`dry run: ${res.statusCode} ${res.body.slice(0, 200)}`)
      return { ms: performance.now() - t, body: res.json() as { id: string; errors: unknown[]; changes: Record<string, number> } }
    }
    const first = await dryRun()
    if (first.body.errors.length) throw new Error(`rows with errors: ${JSON.stringify(first.body.errors.slice(0, 3))}`)
    const t = performance.now()
    const commit = await app.inject({ method: 'POST', url: `/api/v1/registry/imports/${first.body.id}/commit`, payload: {}, headers })
    const commitMs = performance.now() - t
    if (commit.statusCode !== 200) throw new Error(`commit: ${commit.statusCode} ${commit.body.slice(0, 200)}`)
    const again = await dryRun()
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    console.log(
      `${dialect}: ${ROWS} rows in ${SHEETS} sheets (${(file.length / 1024).toFixed(0)} KiB .xlsx) — dry run ${s(first.ms)} (${JSON.stringify(first.body.changes)}), commit ${s(commitMs)} (${commit.body}), re-import dry run ${s(again.ms)} (${JSON.stringify(again.body.changes)})`
    )
    await app.close()
  } finally {
    await db.close()
    await drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const file = await sheet(ROWS)
  await bench('sqlite', file)
  if (await postgresUp()) await bench('postgres', file)
}

void main()
