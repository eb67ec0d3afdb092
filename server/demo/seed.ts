import { fillSearchKeys } from '../services/registry'
import { ensureBuiltinCatalogs } from '../services/catalogs'
import dayjs from 'dayjs'
import sharp from 'sharp'
import { DEFAULT_NEXT_STEPS, NATIONAL_2019, computeVerdict, defaultCircularTitle, deriveIssues, type Answer } from '../../src/core'
import type { Deps } from '../deps'
import { insertEvidence, refreshRoundVerdicts } from '../db/repos/inspections'
import { checkImage, type CheckedImage } from '../storage/images'
import { CITY_ID, DEMO_FAILURES, demoAccounts, demoDepartments } from './registry'

export const DEMO_ROUND_ID = 'r-2024q2'
const CHECKPOINTS = [
  { id: 'cp-2024q2-1', seq: 1, date: '2024-05-10' },
  { id: 'cp-2024q2-2', seq: 2, date: '2024-06-25' }
]

export const DEMO_USERS = [
  { id: 'u-admin', username: 'admin', name: '王珊', role: 'admin', departmentId: 'd-city-bgs' },
  { id: 'u-inspector', username: 'inspector', name: '张敏', role: 'inspector', departmentId: 'd-city-bgs' },
  { id: 'u-inspector2', username: 'inspector2', name: '李强', role: 'inspector', departmentId: null },
  { id: 'u-liaison-wjw', username: 'liaison-wjw', name: '陈静', role: 'liaison', departmentId: 'd-city-wjw' },
  { id: 'u-liaison-xs', username: 'liaison-xishan', name: '周涛', role: 'liaison', departmentId: 'd-xs' },
  { id: 'u-leader', username: 'leader', name: '刘建国', role: 'leader', departmentId: null }
] as const

/** The demo round's good practices: the inspector's note, the admin's wording for the circular, picked or not. */
const DEMO_PRACTICES = [
  { account: '无锡城管', theme: 'service', note: '有城管服务栏目，能在线反映问题、查进度', wording: '开设“城管服务”栏目，市民可在线反映市容问题并查询办理进度。', picked: true },
  { account: '无锡人社', theme: 'service', note: '社保查询、就业服务都能在公众号里办', wording: '上线社保查询、就业服务等掌上办事功能。', picked: true },
  { account: '无锡医保', theme: 'service', note: '医保缴费、异地备案可以线上办理', wording: '提供医保缴费、异地备案等线上服务，方便群众办事。', picked: true },
  { account: '无锡文旅', theme: 'content', note: '“锡城夜游”系列图文用短视频加长图，形式新', wording: null, picked: false }
] as const

/** A plain synthetic phone screenshot (grey content bars, one red frame) standing in for real evidence. */
async function syntheticScreenshot(seed: number): Promise<Buffer> {
  const bars = Array.from({ length: 9 }, (_, i) => `<rect x="40" y="${260 + i * 110}" width="${640 - ((seed * 37 + i * 53) % 240)}" height="44" rx="8" fill="#dfe3ea"/>`).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="1334">
    <rect width="750" height="1334" fill="#f5f6f8"/><rect width="750" height="180" fill="#07c160"/>
    <circle cx="375" cy="110" r="44" fill="#ffffff" opacity="0.9"/>${bars}
    <rect x="28" y="${380 + (seed % 4) * 110}" width="694" height="120" rx="10" fill="none" stroke="#e0252b" stroke-width="8"/></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Writes the demo round unless it is there already. Returns whether it wrote anything. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  const existing = await deps.db.selectFrom('rounds').select('id').where('id', '=', DEMO_ROUND_ID).executeTakeFirst()
  if (existing) return false
  const departments = demoDepartments()
  const accounts = demoAccounts(departments)
  const hostOf = new Map(accounts.map((a) => [a.id, a.departmentId]))
  const levelOf = new Map(departments.map((d) => [d.id, d.hostLevel]))
  const now = deps.now().toISOString()

  // Evidence first (bytes, then rows), outside the transaction: content-addressed, so a rerun is harmless.
  const images: CheckedImage[] = []
  for (let i = 0; i < 4; i++) {
    const bytes = await syntheticScreenshot(i)
    const image = await checkImage(bytes)
    await deps.evidence.put(image.sha256, bytes, image.thumbnail)
    images.push(image)
  }
  const shots = images.map((i) => i.sha256)

  await ensureBuiltinCatalogs(deps.db)
  await deps.db.transaction().execute(async (trx) => {
    for (const d of departments) {
      await trx
        .insertInto('departments')
        .values({ id: d.id, parent_id: d.parentId, name: d.name, short_name: d.shortName, level: d.level, host_level: d.hostLevel })
        .execute()
    }
    for (const rows of chunk(accounts, 200)) {
      await trx
        .insertInto('accounts')
        .values(
          rows.map((a, i) => ({
            id: a.id,
            name: a.name,
            platform: a.platform,
            platform_ref: a.platformRef,
            // 「抖音：…」: the registry names the platform of an "other" account.
            platform_detail: a.platform === 'other' ? (a.platformRef.split('：')[0] ?? '') : '',
            host_department_id: a.departmentId,
            operator: departments.find((d) => d.id === a.departmentId)?.name ?? '',
            contact: `0510-8${String(1000000 + ((a.id.charCodeAt(3) * 7919 + i * 104729) % 8999999)).slice(0, 7)}`,
            status: 'active',
            stop_notice_on: null,
            registry_no: `JS-WX-${a.id.toUpperCase().replace(/^A-/, '')}`,
            opened_on: dayjs('2014-03-01').add((i * 37) % 3000, 'day').format('YYYY-MM-DD')
          }))
        )
        .execute()
    }
    for (const u of DEMO_USERS) {
      await trx
        .insertInto('users')
        .values({ id: u.id, username: u.username, name: u.name, role: u.role, department_id: u.departmentId, openid: u.role === 'liaison' ? `o-demo-${u.username}` : null })
        .execute()
    }
    for (const image of images) {
      const { sha256, mime, size, width, height, phash } = image
      await insertEvidence(trx, { sha256, mime, size, width, height, uploadedBy: 'u-inspector', now, phash })
    }
    await trx
      .insertInto('rounds')
      .values({
        id: DEMO_ROUND_ID,
        name: '2024年第二季度',
        catalog_id: NATIONAL_2019.id,
        deadline: '2024-07-19',
        contact_name: '市政府办公室政务公开科 赵磊',
        contact_phone: '0510-81821234',
        state: 'open',
        created_at: '2024-04-28T09:00:00.000Z'
      })
      .execute()
    // What the office wrote itself into the circular: its good practices (the rest comes from the data).
    await trx
      .insertInto('circulars')
      .values({
        round_id: DEMO_ROUND_ID,
        office: '无锡市人民政府办公室',
        doc_no: '',
        title: defaultCircularTitle('2024年第二季度'),
        // The opening of section 二; the practices themselves are the inspectors' flags the admin picked (below).
        practices: '各地各部门持续提升政务新媒体服务能力，涌现出一批典型做法。',
        next_steps: DEFAULT_NEXT_STEPS,
        updated_at: '2024-07-09T08:00:00.000Z',
        updated_by: null
      })
      .execute()
    await trx
      .insertInto('checkpoints')
      .values(CHECKPOINTS.map((c) => ({ id: c.id, round_id: DEMO_ROUND_ID, seq: c.seq, date: c.date })))
      .execute()
    // The municipal inspector checks city-level accounts; the contracted third party the local ones.
    const inspectorOf = (accountId: string) => (levelOf.get(hostOf.get(accountId) ?? '') === 'city' ? 'u-inspector' : 'u-inspector2')
    for (const rows of chunk(accounts, 300)) {
      await trx
        .insertInto('round_accounts')
        .values(rows.map((a) => ({ round_id: DEMO_ROUND_ID, account_id: a.id, inspector_id: inspectorOf(a.id) })))
        .execute()
    }

    const inspections = []
    const results = []
    const links: { inspection_id: string; indicator_code: string; sha256: string; seq: number }[] = []
    const issues = new Map<string, { id: string; account: string; department: string; code: string; kind: string; inspection: string; finding: string; at: string }>()
    let shot = 0
    for (const [ai, account] of accounts.entries()) {
      for (const cp of CHECKPOINTS) {
        const failure = DEMO_FAILURES.find((f) => f.account === account.name && f.departmentId === account.departmentId && account.platform === 'wechat' && (f.checkpoints as readonly number[]).includes(cp.seq))
        const latest = failure?.indicator === 'UPD-1' && failure.latestPost ? failure.latestPost : dayjs(cp.date).subtract((ai % 6) + 1, 'day').format('YYYY-MM-DD')
        const answers: Answer[] = NATIONAL_2019.indicators.map((ind) => {
          const failing = failure?.indicator === ind.code
          const evidence = failing ? [shots[shot++ % shots.length] as string] : []
          return {
            code: ind.code,
            result: ind.rule ? null : failing ? 'fail' : 'pass',
            note: failing ? failure.note : '',
            value: ind.rule ? latest : null,
            evidence
          }
        })
        const verdict = computeVerdict(NATIONAL_2019, answers, cp.date)
        const id = `i-${account.id}-${cp.seq}`
        const submittedAt = dayjs(cp.date).add(9 + (ai % 8), 'hour').add(ai % 60, 'minute').toISOString()
        inspections.push({
          id,
          client_id: `seed-${account.id}-${cp.seq}`,
          round_id: DEMO_ROUND_ID,
          checkpoint_id: cp.id,
          account_id: account.id,
          inspector_id: inspectorOf(account.id),
          verdict: verdict.verdict ?? 'fail',
          score: verdict.score,
          body_hash: 'seed',
          is_current: 1,
          submitted_at: submittedAt
        })
        for (const a of answers) {
          results.push({ inspection_id: id, indicator_code: a.code, result: verdict.results[a.code] ?? 'na', note: a.note, value: a.value })
          a.evidence.forEach((sha256, seq) => links.push({ inspection_id: id, indicator_code: a.code, sha256, seq }))
        }
        for (const issue of deriveIssues(NATIONAL_2019, verdict, answers)) {
          const key = `${account.id}/${issue.indicatorCode}`
          const previous = issues.get(key)
          issues.set(key, {
            id: previous?.id ?? `iss-${account.id}-${issue.indicatorCode}`,
            account: account.id,
            department: account.departmentId,
            code: issue.indicatorCode,
            kind: issue.indicatorKind,
            inspection: id,
            finding: issue.finding,
            at: submittedAt
          })
        }
      }
    }
    for (const rows of chunk(inspections, 200)) await trx.insertInto('inspections').values(rows).execute()
    for (const rows of chunk(results, 400)) await trx.insertInto('inspection_results').values(rows).execute()
    if (links.length) await trx.insertInto('inspection_evidence').values(links).execute()
    await refreshRoundVerdicts(trx, DEMO_ROUND_ID)
    for (const i of issues.values()) {
      await trx
        .insertInto('issues')
        .values({
          id: i.id,
          round_id: DEMO_ROUND_ID,
          account_id: i.account,
          department_id: i.department,
          indicator_code: i.code,
          indicator_kind: i.kind,
          inspection_id: i.inspection,
          finding: i.finding,
          status: 'open',
          created_at: i.at,
          updated_at: i.at
        })
        .execute()
    }
    // Good practices the inspectors flagged on the checklist; the admin reworded and picked three for the circular.
    const cityWechat = (name: string) => accounts.find((a) => a.name === name && a.platform === 'wechat' && levelOf.get(a.departmentId) === 'city')
    for (const [i, p] of DEMO_PRACTICES.entries()) {
      const account = cityWechat(p.account)
      if (!account) continue
      const at = dayjs('2024-06-25').add(10 + i, 'hour').toISOString()
      await trx
        .insertInto('practices')
        .values({ id: `pr-${account.id}`, client_id: `seed-practice-${account.id}`, round_id: DEMO_ROUND_ID, account_id: account.id, inspector_id: inspectorOf(account.id), theme: p.theme, note: p.note, wording: p.wording, picked: p.picked ? 1 : 0, created_at: at, updated_at: at, updated_by: p.picked ? 'u-admin' : inspectorOf(account.id) })
        .execute()
    }
  })
  await fillSearchKeys(deps.db)
  return true
}

export { CITY_ID }
