import sharp from 'sharp'
import { AlignmentType, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, BorderStyle } from 'docx'
import { DEFAULT_OFFICE, defaultCircularTitle, type IssueItem, type RectificationReportView } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { roundFor, requireInScope, visibleDepartments } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import { findDepartment, subtreeIds, treeOrder } from '../db/repos/departments'
import { eventsOf, listIssues } from '../db/repos/issues'
import { AppError, badRequest, forbidden } from '../errors'
import { xmlSafe } from '../documents/safe-text'
import { arabicDate, FONT, heading1, heading2, line, section, signature, SIZE, TEXT_WIDTH, title } from '../documents/official'
import { issueViews } from './issues'

/**
 * A department's 整改情况报告 (rectification report) for a round: what the circular named, what the
 * department did (its liaison's answers, with their screenshots) and what is still pending with
 * the date it is planned for, in the same official format as the circular, addressed to the
 * issuing office. GET /departments/:id/rectification-report(.docx)?roundId=…
 */

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const cnOrdinal = (n: number): string => (n <= 10 ? (CN[n - 1] ?? '') : n < 20 ? `十${CN[n - 11] ?? ''}` : n % 10 === 0 ? `${CN[n / 10 - 1]}十` : `${CN[Math.floor(n / 10) - 1]}十${CN[(n % 10) - 1]}`)
/** At most two screenshots are set in per issue; the rest are listed by number. */
const FIGURES_PER_ISSUE = 2
const DATE = /^\d{4}-\d{2}-\d{2}$/

interface ReportIssue {
  item: IssueItem
  /** The department's latest answer (what was done), with its screenshots. */
  answer: { note: string; at: string; evidence: string[] } | null
  verifiedAt: string | null
  returnReason: string | null
}

const today = (deps: Deps) => new Date(deps.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const dayOf = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)

async function gather(deps: Deps, user: SessionUser, departmentId: string, roundId: string) {
  if (user.role !== 'liaison' && user.role !== 'admin' && user.role !== 'leader') throw forbidden('只有单位联络员、管理员和领导可以查看整改报告')
  const round = await roundFor(deps, user, roundId)
  await requireInScope(deps, user, departmentId, '单位')
  const department = await findDepartment(deps.db, departmentId)
  if (!department) throw new AppError(404, 'NOT_FOUND', '单位不存在')
  const visible = await visibleDepartments(deps, user)
  const units = (await subtreeIds(deps.db, departmentId)).filter((id) => visible === null || visible.has(id))
  const { rows } = await listIssues(deps.db, { departmentIds: units, roundId, status: null, offset: 0, limit: 100000 })
  const order = await treeOrder(deps.db)
  const items = (await issueViews(deps, rows)).sort(
    (a, b) => (order.get(a.department.id) ?? Infinity) - (order.get(b.department.id) ?? Infinity) || a.account.name.localeCompare(b.account.name, 'zh-CN') || a.indicator.code.localeCompare(b.indicator.code)
  )
  const issues: ReportIssue[] = []
  for (const item of items) {
    const events = await eventsOf(deps.db, item.id)
    const answers = events.filter((e) => e.action === 'answer')
    const last = answers[answers.length - 1]
    const verified = [...events].reverse().find((e) => e.action === 'verify')
    issues.push({ item, answer: last ? { note: last.note, at: last.at, evidence: last.evidence } : null, verifiedAt: item.status === 'verified' ? (verified?.at ?? null) : null, returnReason: item.returnReason })
  }
  const circular = await deps.db.selectFrom('circulars').select(['office', 'title']).where('round_id', '=', roundId).executeTakeFirst()
  const report = await deps.db
    .selectFrom('rectification_reports')
    .innerJoin('users', 'users.id', 'rectification_reports.generated_by')
    .select(['rectification_reports.generated_at', 'users.name'])
    .where('rectification_reports.round_id', '=', roundId)
    .where('rectification_reports.department_id', '=', departmentId)
    .executeTakeFirst()
  return { round, department, issues, office: circular?.office ?? DEFAULT_OFFICE, circularTitle: circular?.title ?? defaultCircularTitle(round.name), report }
}

const done = (i: ReportIssue) => i.item.status === 'submitted' || i.item.status === 'verified'

/** GET /departments/:id/rectification-report?roundId=…: where the department's report stands. */
export async function rectificationReportView(deps: Deps, user: SessionUser, departmentId: string, roundId: string): Promise<RectificationReportView> {
  const g = await gather(deps, user, departmentId, roundId)
  const pending = g.issues.filter((i) => !done(i)).length
  return {
    department: { id: g.department.id, name: g.department.name },
    round: { id: g.round.id, name: g.round.name, deadline: g.round.deadline },
    issues: g.issues.length,
    answered: g.issues.filter(done).length,
    confirmed: g.issues.filter((i) => i.item.status === 'verified').length,
    pending,
    late: g.issues.filter((i) => i.item.due.kind === 'late' || i.item.due.kind === 'overdue').length,
    // Pending issues need a planned date; the deadline serves while it is still ahead.
    planRequired: pending > 0 && g.round.deadline < today(deps),
    generated: g.report ? { at: g.report.generated_at, by: g.report.name } : null
  }
}

/** A screenshot scaled into a box (pixels at 96 dpi), re-encoded small enough for a document. */
async function figure(deps: Deps, sha256: string, box: { width: number; height: number }): Promise<ImageRun | null> {
  const bytes = await deps.evidence.get(sha256, 'original')
  if (!bytes) return null
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000 }).rotate()
    const meta = await image.metadata()
    const [w, h] = meta.orientation && meta.orientation >= 5 ? [meta.height ?? 1, meta.width ?? 1] : [meta.width ?? 1, meta.height ?? 1]
    const scale = Math.min(box.width / w, box.height / h)
    const size = { width: Math.round(w * scale), height: Math.round(h * scale) }
    // Twice the shown size keeps it sharp on paper.
    const data = await image.resize({ width: Math.min(w, size.width * 2) }).jpeg({ quality: 80 }).toBuffer()
    return new ImageRun({ type: 'jpg', data, transformation: size })
  } catch {
    return null
  }
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none }

/** The answer's screenshots: one or two side by side, scaled to the text width, each with its caption. */
async function figures(deps: Deps, shas: string[], firstNo: number, account: string): Promise<(Paragraph | Table)[]> {
  const shown = shas.slice(0, FIGURES_PER_ISSUE)
  const textPx = Math.floor((TEXT_WIDTH / 1440) * 96)
  const box = { width: shown.length === 1 ? textPx : Math.floor(textPx / 2) - 12, height: 430 }
  const images = await Promise.all(shown.map((s) => figure(deps, s, box)))
  const cells = images.flatMap((img, k) =>
    img
      ? [
          [
            new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [img] }),
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `图${firstNo + k}  「${account}」整改后截图`, font: { ascii: FONT.body, eastAsia: FONT.body, hAnsi: FONT.body }, size: SIZE.small4 })] })
          ]
        ]
      : []
  )
  if (cells.length === 0) return []
  const width = Math.floor(TEXT_WIDTH / cells.length)
  return [
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: width * cells.length, type: WidthType.DXA },
      columnWidths: cells.map(() => width),
      borders: noBorders,
      rows: [new TableRow({ cantSplit: true, children: cells.map((children) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, children })) })]
    })
  ]
}

/** What the circular said about the issue: the indicator, and the inspector's finding. */
const named = (i: ReportIssue) => `${i.item.department.name}「${i.item.account.name}」（${i.item.account.platformName}）：${i.item.indicator.title}${i.item.finding ? `。${i.item.finding.replace(/[。；;，,\s]+$/, '')}` : ''}。`

/** GET /departments/:id/rectification-report.docx?roundId=…&plannedBy=YYYY-MM-DD */
export async function rectificationReportDocx(
  deps: Deps,
  user: SessionUser,
  actor: Actor,
  departmentId: string,
  roundId: string,
  plannedBy: string | undefined
): Promise<{ filename: string; bytes: Buffer }> {
  const g = await gather(deps, user, departmentId, roundId)
  if (g.issues.length === 0) throw new AppError(409, 'REPORT_NOTHING_TO_REPORT', '本单位在该批次没有发现问题，无需报送整改情况报告')
  const now = today(deps)
  if (plannedBy !== undefined && plannedBy !== '' && (!DATE.test(plannedBy) || Number.isNaN(Date.parse(plannedBy)) || plannedBy < now)) {
    throw badRequest('REPORT_PLAN_INVALID', '计划完成日期应为今天或以后的日期（如 2024-08-31）', { field: 'plannedBy' })
  }
  const finished = g.issues.filter(done)
  const pending = g.issues.filter((i) => !done(i))
  const plan = plannedBy || (g.round.deadline >= now ? g.round.deadline : '')
  if (pending.length > 0 && !plan) throw new AppError(422, 'REPORT_PLAN_REQUIRED', `还有 ${pending.length} 个问题未完成整改，整改期限已过，请填写计划完成日期`, { field: 'plannedBy' })

  const unit = g.department.name
  const confirmed = finished.filter((i) => i.item.status === 'verified').length
  const children: (Paragraph | Table)[] = [
    title(`关于${g.round.name}政务新媒体检查发现问题整改情况的报告`),
    line(`${g.office}：`, { firstLine: 0 }),
    line(
      `根据《${g.circularTitle}》要求，我单位对照问题清单逐项整改。本次检查共发现我单位${g.issues.some((i) => i.item.department.id !== departmentId) ? '（含所属单位）' : ''}政务新媒体问题${g.issues.length}个，` +
        `已完成整改${finished.length}个${confirmed ? `（其中${confirmed}个已经检查组确认）` : ''}，${pending.length ? `尚在整改${pending.length}个` : '全部完成整改'}。现将整改情况报告如下：`
    )
  ]
  let part = 0
  let figureNo = 1
  if (finished.length) {
    children.push(heading1(`${cnOrdinal(++part)}、已完成整改的问题`))
    for (const [k, i] of finished.entries()) {
      children.push(heading2(`（${cnOrdinal(k + 1)}）${i.item.account.name}`))
      children.push(line(`问题：${named(i)}`))
      const note = (i.answer?.note ?? '').trim().replace(/[。；;，,\s]+$/, '')
      children.push(line(`整改情况：${note ? `${note}。` : '已整改。'}（${arabicDate(dayOf(i.answer?.at ?? i.item.updatedAt))}反馈${i.verifiedAt ? `，${arabicDate(dayOf(i.verifiedAt))}经检查组确认` : ''}）`))
      const shas = i.answer?.evidence ?? []
      const set = await figures(deps, shas, figureNo, i.item.account.name)
      if (set.length) {
        children.push(...set)
        figureNo += Math.min(shas.length, FIGURES_PER_ISSUE)
      }
      if (shas.length > FIGURES_PER_ISSUE) children.push(line(`另有整改截图${shas.length - FIGURES_PER_ISSUE}张，已随整改反馈报送（截图编号 ${shas.slice(FIGURES_PER_ISSUE).map((s) => s.slice(0, 8)).join('、')}）。`))
    }
  }
  if (pending.length) {
    children.push(heading1(`${cnOrdinal(++part)}、尚未完成整改的问题`))
    for (const [k, i] of pending.entries()) {
      children.push(heading2(`（${cnOrdinal(k + 1)}）${i.item.account.name}`))
      children.push(line(`问题：${named(i)}`))
      const state =
        i.item.status === 'returned'
          ? `整改反馈已被检查组退回${i.returnReason ? `（理由：${i.returnReason.replace(/[。\s]+$/, '')}）` : ''}，正在重新整改`
          : '正在整改'
      children.push(line(`进展：${state}，计划于${arabicDate(plan)}前完成。`))
    }
  }
  children.push(line('特此报告。', { keepNext: true }))
  children.push(...signature(unit, arabicDate(now)))
  const doc = new Document({ creator: unit, title: `${unit}整改情况报告`, evenAndOddHeaderAndFooters: true, sections: [section(children)] })
  const bytes = await safeDocx(await Packer.toBuffer(doc))
  await deps.db.transaction().execute(async (trx) => {
    const row = { generated_at: deps.now().toISOString(), generated_by: user.id, issues: g.issues.length, done: finished.length }
    const exists = await trx.selectFrom('rectification_reports').select('round_id').where('round_id', '=', roundId).where('department_id', '=', departmentId).executeTakeFirst()
    if (exists) await trx.updateTable('rectification_reports').set(row).where('round_id', '=', roundId).where('department_id', '=', departmentId).execute()
    else await trx.insertInto('rectification_reports').values({ round_id: roundId, department_id: departmentId, ...row }).execute()
    await appendAudit(trx, actor, deps.now(), { action: 'export.rectification_report', entity: 'department', entityId: departmentId, departmentId: user.departmentId, after: { roundId, issues: g.issues.length, done: finished.length } }, deps.newId)
  })
  return { filename: `${unit}${g.round.name}政务新媒体检查整改情况报告.docx`, bytes }
}

/** Every text part made safe for XML as it is written (server/documents/safe-text.ts). */
async function safeDocx(bytes: Buffer): Promise<Buffer> {
  const JSZip = (await import('jszip')).default
  const zip = await JSZip.loadAsync(bytes)
  for (const name of ['word/document.xml', 'docProps/core.xml', 'docProps/app.xml']) {
    const part = await zip.file(name)?.async('string')
    if (part !== undefined) zip.file(name, xmlSafe(part))
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}
