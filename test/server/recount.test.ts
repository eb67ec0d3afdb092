import ExcelJS from 'exceljs'
import { ensureBuiltinCatalogs } from '../../server/services/catalogs'
import { multipart, nationalAnswers, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * An independent recount. Seeded random offices — city bureaus that are their own competent unit,
 * districts with their departments and towns, every platform and the words offices use for it, a
 * word the importer does not know, accounts closed or suspended with and without dates, a sheet
 * per district or one sheet, total and note rows — are imported, a round is made and inspected
 * (some accounts at one checkpoint only), and every figure the dry run, the summary, the stats, the
 * registry export and the circular print is recounted here from the generated sheet and answers
 * alone. Nothing below imports the product's counting code (src/core's platforms, registry,
 * circular or pass-rate functions): the words, groups and rules are written out again.
 *
 * A sample each run: RECOUNT_OFFICES offices (default 150 on SQLite, a tenth of it on PostgreSQL; 5
 * under mutation testing) from RECOUNT_SEED, which by default moves on by 150 seeds a day from
 * 20261203, so that every day's CI recounts offices no earlier day did. The seeds are printed and
 * a failure names its office's seed, to replay it.
 */

const DAY = 86_400_000
const SEED = Number(process.env.RECOUNT_SEED ?? 20261203 + 150 * Math.max(0, Math.floor((Date.now() - Date.UTC(2026, 11, 3)) / DAY)))
// Under Stryker (GNM_MUTATION=1) every mutant reruns the suites that cover it: a few offices catch a miscount there.
const OFFICES = Number(process.env.RECOUNT_OFFICES ?? (process.env.GNM_MUTATION === '1' ? 5 : 150))

function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)] as T
  return { next, int, pick, chance: (p: number) => next() < p }
}

/** Platforms as offices write them: [the word, the name it counts under, its national group]. */
const PLATFORM_WORDS: readonly [string, string, 'wechat' | 'weibo' | 'app' | 'other'][] = [
  ['微信公众号', '微信公众号', 'wechat'],
  ['订阅号', '微信公众号', 'wechat'],
  ['服务号', '微信公众号', 'wechat'],
  ['新浪微博', '微博', 'weibo'],
  ['微博', '微博', 'weibo'],
  ['抖音', '抖音', 'other'],
  ['抖音号', '抖音', 'other'],
  ['快手', '快手', 'other'],
  ['今日头条', '今日头条', 'other'],
  ['头条号', '今日头条', 'other'],
  ['视频号', '视频号', 'other'],
  ['微信小程序', '微信小程序', 'other'],
  ['客户端/APP', '移动客户端', 'app'],
  ['APP', '移动客户端', 'app'],
  ['百家号', '百家号', 'other'],
  ['哔哩哔哩', '哔哩哔哩', 'other'],
  ['小红书', '小红书', 'other'],
  ['网站专栏', '网站专栏', 'other'],
  ['人民号', '其他', 'other'],
  ['南方号', '其他', 'other']
]
const KIND_ORDER = ['微信公众号', '微博', '抖音', '快手', '今日头条', '视频号', '微信小程序', '移动客户端', '百家号', '哔哩哔哩', '小红书', '网站专栏', '其他']
const GROUP_LABEL = { wechat: '微信公众号', weibo: '微博', app: '移动客户端', other: '其他' } as const
const CITY_WORDS = ['市级', '市直', '市直部门', '市本级']
const COUNTY_WORDS = ['县区级', '区县级', '县级', '区级', '县（市、区）级', '县(市、区)']
const TOWN_WORDS = ['乡镇级', '镇街', '街道', '乡镇（街道）', '乡镇']
const ACTIVE_WORDS = ['运行', '正常', '正常运行', '运行中', '']
const DISTRICTS = ['云龙', '铜山', '鼓楼', '泉山', '贾汪', '新沂', '邳州', '睢宁', '丰县', '沛县']
const BUREAUS = ['公安局', '教育局', '民政局', '财政局', '卫生健康委员会', '市场监督管理局', '文化广电和旅游局', '应急管理局', '生态环境局', '人力资源和社会保障局']
const TOWNS = ['城关镇', '柳泉镇', '大许镇', '东关街道', '潘塘街道', '汉王镇']

interface Row {
  sheet: string
  name: string
  word: string
  kind: string
  group: 'wechat' | 'weibo' | 'app' | 'other'
  host: string
  competent: string
  levelWord: string
  city: boolean
  status: string
  state: 'active' | 'suspended' | 'closed'
  stopDate: string
  closedDate: string
}

interface Office {
  seed: number
  city: string
  rows: Row[]
  sheets: Map<string, Row[]>
  checkpoints: [string, string]
}

const LAST_CP = '2026-09-25'

function generate(seed: number): Office {
  const r = rng(seed)
  const city = `${r.pick(['清江', '临川', '云梦', '石门', '安平'])}市`
  const rows: Row[] = []
  let n = 0
  const platform = () => r.pick(PLATFORM_WORDS)
  const add = (sheet: string, host: string, competent: string, levelWord: string, isCity: boolean) => {
    for (let k = 1 + r.int(3); k > 0; k--) {
      const [word, kind, group] = platform()
      n += 1
      const roll = r.next()
      let state: Row['state'] = 'active'
      let status = r.pick(ACTIVE_WORDS)
      let stopDate = ''
      let closedDate = ''
      if (roll < 0.08) {
        state = 'closed'
        status = r.pick(['注销', '已注销', '关停'])
        closedDate = r.chance(0.5) ? '' : r.pick(['2025-03-01', '2026-10-20'])
        stopDate = r.chance(0.5) ? '' : '2025-01-10'
      } else if (roll < 0.14) {
        state = 'suspended'
        status = r.pick(['停更', '暂停更新'])
        stopDate = r.chance(0.5) ? '' : r.pick(['2025-06-01', '2026-10-15'])
      }
      rows.push({ sheet, name: `${host.slice(-6)}账号${n}`, word, kind, group, host, competent, levelWord, city: isCity, status, state, stopDate, closedDate })
    }
  }
  const bySheet = r.chance(0.6)
  const bureaus = BUREAUS.slice(0, 2 + r.int(6))
  for (const b of bureaus) {
    const host = `${city}${b}`
    add(bySheet ? '市直部门' : '台账', host, host, r.pick(CITY_WORDS), true)
    if (r.chance(0.3)) add(bySheet ? '市直部门' : '台账', `${host}${r.pick(['执法支队', '信息中心'])}`, host, r.pick(CITY_WORDS), true)
  }
  for (const d of DISTRICTS.slice(0, 1 + r.int(4))) {
    const gov = `${d}区人民政府`
    const sheet = bySheet ? `${d}区` : '台账'
    add(sheet, gov, gov, r.pick(COUNTY_WORDS), false)
    for (const b of ['教育局', '融媒体中心'].slice(0, r.int(3))) add(sheet, `${d}区${b}`, gov, r.pick(COUNTY_WORDS), false)
    for (const t of TOWNS.slice(0, r.int(3))) add(sheet, `${d}区${t}人民政府`, gov, r.pick(TOWN_WORDS), false)
  }
  const sheets = new Map<string, Row[]>()
  for (const row of rows) sheets.set(row.sheet, [...(sheets.get(row.sheet) ?? []), row])
  return { seed, city, rows, sheets, checkpoints: ['2026-08-20', LAST_CP] }
}

async function workbook(o: Office, r: ReturnType<typeof rng>): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  if (r.chance(0.5)) book.addWorksheet('填表说明').addRow(['填表说明：层级填市级、县区级或乡镇级'])
  for (const [name, rows] of o.sheets) {
    const sheet = book.addWorksheet(name)
    if (r.chance(0.5)) sheet.addRow([`${o.city}政务新媒体台账`])
    sheet.addRow(['序号', r.pick(['账号名称', '新媒体名称']), r.pick(['平台类型', '所在平台']), r.pick(['主办单位', '账号主体', '开办单位']), r.pick(['主管单位', '主管部门']), r.pick(['层级', '行政级别']), '运行状态', '停更日期', '注销日期'])
    rows.forEach((row, i) => {
      sheet.addRow([i + 1, row.name, row.word, row.host, row.competent, row.levelWord, row.status, row.stopDate, row.closedDate])
      if (r.chance(0.05)) sheet.addRow([])
    })
    if (r.chance(0.7)) sheet.addRow(['合计', '', `${rows.length}个`])
    if (r.chance(0.5)) sheet.addRow(['填表人：张三', '', '', '审核人：李四'])
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** Running on the last checkpoint, the rule written out again: closed or suspended only from a date after it. */
function runningAt(row: Row, day: string): boolean {
  if (row.state === 'closed') return row.closedDate !== '' && row.closedDate > day
  if (row.state === 'suspended') return row.stopDate !== '' && row.stopDate > day
  return true
}

function rate(passed: number, inspected: number): string {
  if (inspected === 0) return '—'
  const tenths = Math.round((passed * 1000) / inspected)
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`
}

function typeSentence(counts: Map<string, number>): string {
  const parts: string[] = []
  for (const group of ['wechat', 'weibo', 'app', 'other'] as const) {
    const kinds = KIND_ORDER.filter((k) => (counts.get(k) ?? 0) > 0 && PLATFORM_WORDS.find(([, kind]) => kind === k)?.[2] === group)
    const total = kinds.reduce((s, k) => s + (counts.get(k) ?? 0), 0)
    if (total === 0) continue
    const inner = group === 'other' && kinds.some((k) => k !== '其他') ? `（其中${kinds.map((k) => `${k === '其他' ? '其他平台' : k}${counts.get(k)}个`).join('、')}）` : ''
    parts.push(`${GROUP_LABEL[group]}${total}个${inner}`)
  }
  return parts.join('、')
}

describe.each(dialects)('an independent recount of generated offices (%s)', (dialect) => {
  const offices = dialect === 'postgres' ? Math.max(1, Math.round(OFFICES / 10)) : OFFICES

  it(`agrees with every figure for ${offices} offices from seed ${SEED}`, async () => {
    console.log(`[${dialect}] recount: ${offices} offices, seeds ${SEED}..${SEED + offices - 1} (RECOUNT_SEED, RECOUNT_OFFICES)`)
    let accountsSeen = 0
    for (let i = 0; i < offices; i++) {
      const seed = SEED + i
      const office = generate(seed)
      const r = rng(seed * 31 + 7)
      const server: TestServer = await startServer(dialect, { seed: false })
      try {
        await checkOffice(server, office, r)
        accountsSeen += office.rows.length
      } catch (e) {
        throw new Error(`office of seed ${seed} (RECOUNT_SEED=${seed} RECOUNT_OFFICES=1): ${(e as Error).message}`)
      } finally {
        await server.close()
      }
    }
    console.log(`[${dialect}] recount: ${accountsSeen} accounts recounted, every figure agreed`)
  }, 900_000)
})

async function checkOffice(server: TestServer, office: Office, r: ReturnType<typeof rng>): Promise<void> {
  const app = server.app
  await ensureBuiltinCatalogs(server.deps.db)
  await server.deps.db.insertInto('users').values({ id: 'u-admin', username: 'admin', name: '孙丽', role: 'admin', department_id: null, active: 1, created_at: new Date().toISOString() }).execute()
  const admin = await login(app, 'admin')
  const json = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers: admin, ...(payload ? { payload: payload as Record<string, unknown> } : {}) })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    return res.json()
  }
  const equal = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: the product says ${JSON.stringify(got)}, the recount ${JSON.stringify(want)}`)
  }

  // The dry run, with the unknown word mapped once.
  const f = multipart(await workbook(office, r), 'office.xlsx', 'file', { values: JSON.stringify({ platform: { 南方号: 'other' } }) })
  const dry = (await app.inject({ method: 'POST', url: '/api/v1/registry/imports', payload: f.payload, headers: { ...admin, ...f.headers } })).json()
  equal('dry-run errors', dry.errors, [])
  equal('rows read', dry.total, office.rows.length)
  const active = office.rows.filter((x) => x.state === 'active')
  const kindCounts = (rows: Row[]) => {
    const m = new Map<string, number>()
    for (const x of rows) m.set(x.kind, (m.get(x.kind) ?? 0) + 1)
    return m
  }
  const kindList = (m: Map<string, number>) => KIND_ORDER.filter((k) => m.has(k)).map((k) => `${k}${m.get(k)}`)
  equal('dry run: running', dry.breakdown.running, active.length)
  equal('dry run: by host level', dry.breakdown.byHostLevel, { city: active.filter((x) => x.city).length, local: active.filter((x) => !x.city).length })
  equal('dry run: by platform', dry.breakdown.byPlatform.map((k: { label: string; count: number }) => `${k.label}${k.count}`), kindList(kindCounts(active)))
  equal('dry run: suspended, closed', [dry.breakdown.suspended, dry.breakdown.closed], [office.rows.filter((x) => x.state === 'suspended').length, office.rows.filter((x) => x.state === 'closed').length])
  await json('POST', `/registry/imports/${dry.id}/commit`, {})

  // The registry export: every account, 主管单位 on every row (its own name for a bureau that is its own).
  const exported = await app.inject({ method: 'GET', url: '/api/v1/registry/export.xlsx', headers: admin })
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer)
  const sheet = book.worksheets[0] as ExcelJS.Worksheet
  const header = (sheet.getRow(1).values as unknown[]).map(String)
  const col = (label: string) => header.indexOf(label)
  const exportedRows = new Map<string, { competent: string; host: string; platform: string }>()
  for (let i = 2; i <= sheet.rowCount; i++) {
    const v = sheet.getRow(i).values as unknown[]
    exportedRows.set(String(v[col('账号名称')]), { competent: String(v[col('主管单位')] ?? ''), host: String(v[col('主办单位')]), platform: String(v[col('平台类型')]) })
  }
  equal('export rows', exportedRows.size, office.rows.length)
  for (const x of office.rows) equal(`export 主管单位 of ${x.name}`, exportedRows.get(x.name)?.competent, x.competent)

  // A round of every running account; inspected at the first checkpoint, most at the second; some fail.
  const round = await json('POST', '/rounds', { name: '第三季度', catalogId: 'national-2019@1', checkpoints: office.checkpoints, deadline: '2026-10-20', contactName: '孙丽', contactPhone: '0518-81234567', scope: { kind: 'all' } })
  const running = office.rows.filter((x) => runningAt(x, LAST_CP))
  equal('round accounts', round.accounts, running.length)
  await json('POST', `/rounds/${round.id}/open`)
  const detail = await json('GET', `/rounds/${round.id}`)
  const items: { id: string; name: string }[] = []
  for (let page = 1; ; page++) {
    const got = await json('GET', `/rounds/${round.id}/accounts?pageSize=100&page=${page}`)
    items.push(...got.items)
    if (got.items.length === 0 || items.length >= got.total) break
  }
  equal('round account names', items.map((a) => a.name).sort(), running.map((x) => x.name).sort())
  const shot = multipart(await png(office.seed % 200), 'shot.png')
  const sha = (await app.inject({ method: 'POST', url: '/api/v1/evidence', payload: shot.payload, headers: { ...admin, ...shot.headers } })).json().sha256 as string
  const outcome = new Map<string, { done: number; failed: boolean; failedCodes: Set<string> }>()
  let n = 0
  for (const a of items) {
    const o = { done: 0, failed: false, failedCodes: new Set<string>() }
    outcome.set(a.name, o)
    for (const [ci, cp] of (detail.checkpoints as { id: string; date: string }[]).entries()) {
      if (ci === 1 && r.chance(0.15)) continue
      const fail = r.chance(0.1) ? r.pick(['SEC-1', 'INT-1']) : null
      const answers = nationalAnswers(ci === 0 ? '2026-08-15' : '2026-09-20', fail ? { [fail]: { result: 'fail', note: '检查发现', evidence: [sha] } } : {})
      await json('PUT', `/inspections/recount-${String(++n).padStart(4, '0')}`, { roundId: round.id, checkpointId: cp.id, accountId: a.id, answers })
      o.done += 1
      if (fail) {
        o.failed = true
        o.failedCodes.add(fail)
      }
    }
  }
  const complete = [...outcome.values()].filter((o) => o.done === 2)
  const inspected = complete.length
  const failed = complete.filter((o) => o.failed).length
  const passed = inspected - failed
  const city = running.filter((x) => x.city).length
  const local = running.length - city
  const kinds = kindCounts(running)

  const summary = await json('GET', `/rounds/${round.id}/summary`)
  equal('summary', [summary.registered, summary.byHostLevel, summary.inspected, summary.passed, summary.failed], [running.length, { city, local }, inspected, passed, failed])
  equal('summary: by group', summary.byPlatform, Object.fromEntries((['wechat', 'weibo', 'app', 'other'] as const).map((g) => [g, running.filter((x) => x.group === g).length])))
  equal('summary: by kind', summary.byKind.map((k: { label: string; count: number }) => `${k.label}${k.count}`), kindList(kinds))
  equal('summary: per checkpoint', summary.checkpoints.map((c: { inspected: number }) => c.inspected), [outcome.size, [...outcome.values()].filter((o) => o.done === 2).length])

  const stats = await json('GET', `/rounds/${round.id}/stats`)
  equal('stats', [stats.registered, stats.inspected, stats.failed, stats.byHostLevel], [running.length, inspected, failed, { city, local }])
  equal('stats: bars by platform', stats.passByPlatform.map((p: { label: string; registered: number }) => `${p.label}${p.registered}`), kindList(kinds))
  const byUnit = new Map<string, number>()
  for (const x of running) byUnit.set(x.competent, (byUnit.get(x.competent) ?? 0) + 1)
  const units = (rows: { label: string; registered: number }[]) => rows.map((u) => `${u.label}${u.registered}`).sort()
  equal('stats: by competent unit', units(stats.passByUnit), units([...byUnit].map(([label, registered]) => ({ label, registered }))))
  const issues = [...outcome.values()].reduce((s, o) => s + o.failedCodes.size, 0)
  equal('stats: rectification total', stats.rectification.total, issues)
  equal('stats: rectification parts', stats.rectification.open + stats.rectification.submitted + stats.rectification.verified, issues)

  // The issue list the office hands out: one row per issue, each account's platform by its own name.
  const issueFile = await app.inject({ method: 'GET', url: `/api/v1/rounds/${round.id}/issues.xlsx`, headers: admin })
  const issueBook = new ExcelJS.Workbook()
  await issueBook.xlsx.load(issueFile.rawPayload as unknown as ArrayBuffer)
  const issueSheet = issueBook.worksheets[0] as ExcelJS.Worksheet
  let headerAt = 0
  issueSheet.eachRow((row, i) => {
    if (!headerAt && String((row.values as unknown[])[1] ?? '') === '序号') headerAt = i
  })
  const issueHeader = (issueSheet.getRow(headerAt).values as unknown[]).map(String)
  const shown = new Map(office.rows.map((x) => [x.name, x.kind === '其他' ? x.word : x.kind]))
  let issueRows = 0
  for (let i = headerAt + 1; i <= issueSheet.rowCount; i++) {
    const v = issueSheet.getRow(i).values as unknown[]
    if (typeof v[1] !== 'number') continue
    issueRows += 1
    const name = String(v[issueHeader.indexOf('账号名称')])
    equal(`issue list: platform of ${name}`, String(v[issueHeader.indexOf('平台')]), shown.get(name))
  }
  equal('issue list rows', issueRows, [...outcome.values()].reduce((s, o) => s + o.failedCodes.size, 0))

  const view = await json('GET', `/rounds/${round.id}/circular`)
  const [first, second] = view.preview.sections[0].paragraphs.map((p: { text: string }) => p.text) as [string, string]
  const want = `全市共有政务新媒体${running.length}个。按开办主体分，市级部门${city}个，县（市、区）、镇（街道）及其部门${local}个；按类型分，${typeSentence(kinds)}。`
  equal('circular: 总体情况', first.slice(first.indexOf('全市')), want)
  equal('circular: checks', second.slice(second.indexOf('共检查')), `共检查政务新媒体${inspected}个，合格${passed}个，不合格${failed}个，总体合格率为${rate(passed, inspected)}。`)
  equal('circular: two rounds held', second.includes('开展两轮检查'), true)
  equal('数据核对: missing at the second checkpoint', view.check.checkpoints.map((c: { missing: number }) => c.missing), [0, outcome.size - inspected])
  const findings = office.rows.filter((x) => (x.state === 'closed' || x.state === 'suspended') && x.stopDate === '').length
  equal('数据核对: registry problems', view.check.registryFindings.count, findings)
  equal('circular: annex', view.preview.annex.length, issues)
}
