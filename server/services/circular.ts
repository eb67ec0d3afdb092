import { randomUUID } from 'node:crypto'
import JSZip from 'jszip'
import { xmlSafe } from '../documents/safe-text'
import { AlignmentType, BorderStyle, Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import {
  composeCircular,
  defaultCircularTitle,
  DEFAULT_NEXT_STEPS,
  DEFAULT_OFFICE,
  formatChineseDate,
  ISSUE_STATUS_LABELS,
  platformName,
  type CircularCheck,
  type CircularText,
  type CircularView,
  type IssueStatus,
  practiceText
} from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { requireRoundAdmin, roundFor, visibleDepartments } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import { checkpointsOf, findCatalog } from '../db/repos/rounds'
import { badRequest, forbidden } from '../errors'
import { roundStats } from './stats'
import { pickedPractices } from './practices'
import { circularCheck } from './circular-check'

/** What the office writes itself (GET/PUT /rounds/:id/circular). */
export interface CircularSettings {
  office: string
  docNo: string
  title: string
  practices: string
  nextSteps: string
}


async function settingsOf(deps: Deps, roundId: string, roundName: string): Promise<CircularSettings & { updatedAt: string | null; updatedBy: string | null }> {
  const row = await deps.db
    .selectFrom('circulars')
    .leftJoin('users', 'users.id', 'circulars.updated_by')
    .select(['circulars.office', 'circulars.doc_no', 'circulars.title', 'circulars.practices', 'circulars.next_steps', 'circulars.updated_at', 'users.name'])
    .where('circulars.round_id', '=', roundId)
    .executeTakeFirst()
  if (!row) return { office: DEFAULT_OFFICE, docNo: '', title: defaultCircularTitle(roundName), practices: '', nextSteps: DEFAULT_NEXT_STEPS, updatedAt: null, updatedBy: null }
  return { office: row.office, docNo: row.doc_no, title: row.title, practices: row.practices, nextSteps: row.next_steps, updatedAt: row.updated_at, updatedBy: row.name }
}

/** The circular's text from the round's data and the office's own sections, within the caller's scope. */
async function compose(deps: Deps, user: SessionUser, roundId: string): Promise<{ settings: Awaited<ReturnType<typeof settingsOf>>; text: CircularText; roundName: string; check: CircularCheck }> {
  if (user.role !== 'leader' && user.role !== 'admin') throw forbidden('只有领导和管理员可以查看通报')
  const round = await roundFor(deps, user, roundId)
  const [stats, settings, catalog, checkpoints, visible] = await Promise.all([
    roundStats(deps, user, roundId),
    settingsOf(deps, roundId, round.name),
    findCatalog(deps.db, round.catalog_id),
    checkpointsOf(deps.db, [roundId]),
    visibleDepartments(deps, user)
  ])
  let issues = deps.db
    .selectFrom('issues')
    .innerJoin('accounts', 'accounts.id', 'issues.account_id')
    .innerJoin('departments', 'departments.id', 'issues.department_id')
    .select(['issues.indicator_code', 'issues.finding', 'issues.status', 'accounts.name as account', 'accounts.platform', 'accounts.platform_detail', 'departments.name as unit', 'issues.department_id'])
    .where('issues.round_id', '=', roundId)
  if (visible) issues = issues.where('issues.department_id', 'in', visible.size ? [...visible] : [''])
  const rows = await issues.orderBy('departments.name').orderBy('accounts.name').orderBy('issues.indicator_code').execute()
  const indicators = new Map((catalog?.indicators ?? []).map((i) => [i.code, i]))
  const found = rows.map((r) => {
    const ind = indicators.get(r.indicator_code)
    return { ...r, category: ind?.category ?? '其他', indicator: ind?.title ?? r.indicator_code, platform: platformName(r.platform, r.platform_detail) }
  })
  const check = await circularCheck(deps, roundId, visible, stats)
  // Only checkpoints at which accounts were inspected are said to have been checked.
  const held = new Set(check.checkpoints.filter((c) => c.missing < stats.registered).map((c) => c.id))
  // The registry's own problems are a kind of problem of their own (台账管理).
  const registryProblems = check.registryFindings.accounts.map((a) => ({ category: '台账管理', account: a.name, platform: a.platform, unit: a.unit, indicator: a.finding, finding: '' }))
  const text = composeCircular({
    roundName: round.name,
    office: settings.office,
    docNo: settings.docNo,
    title: settings.title,
    checkpoints: (checkpoints.get(roundId) ?? []).filter((c) => held.has(c.id)).map((c) => c.date),
    registered: stats.registered,
    byHostLevel: stats.byHostLevel,
    byKind: stats.byKind,
    inspected: stats.inspected,
    failed: stats.failed,
    passRate: stats.passRate,
    categories: [...new Set((catalog?.indicators ?? []).map((i) => i.category))],
    problems: [...found.map((f) => ({ category: f.category, account: f.account, platform: f.platform, unit: f.unit, indicator: f.indicator, finding: f.finding })), ...registryProblems],
    practices: settings.practices,
    picked: (await pickedPractices(deps, roundId, visible)).map((p) => ({ theme: p.theme, account: p.account.name, text: practiceText(p) })),
    nextSteps: settings.nextSteps,
    deadline: round.deadline,
    contactName: round.contact_name,
    contactPhone: round.contact_phone,
    annex: found.map((f) => ({ unit: f.unit, account: f.account, platform: f.platform, category: f.category, indicator: f.indicator, finding: f.finding, status: ISSUE_STATUS_LABELS[f.status as IssueStatus] ?? f.status }))
  })
  return { settings, text, roundName: round.name, check }
}

/** GET /rounds/:id/circular: the office's own sections and the preview of the whole text. */
export async function circularView(deps: Deps, user: SessionUser, roundId: string): Promise<CircularView> {
  const { settings, text, check } = await compose(deps, user, roundId)
  return { ...settings, preview: text, check }
}

function limited(value: unknown, field: string, label: string, max: number, required: boolean): string {
  if (typeof value !== 'string') throw badRequest('CIRCULAR_INVALID', `请填写${label}`)
  const v = value.trim()
  if ((required && v === '') || v.length > max) throw badRequest('CIRCULAR_INVALID', required ? `${label}不能为空，且不超过${max}个字` : `${label}不能超过${max}个字`, { field })
  return v
}

/** PUT /rounds/:id/circular (admin): the heading and sections 二 and 四. */
export async function saveCircular(deps: Deps, user: SessionUser, actor: Actor, roundId: string, body: Partial<CircularSettings>): Promise<CircularView> {
  if (user.role !== 'admin') throw forbidden('只有管理员可以修改通报')
  const round = await roundFor(deps, user, roundId)
  await requireRoundAdmin(deps, user, round)
  const next = {
    office: limited(body.office, 'office', '发文单位', 40, true),
    doc_no: limited(body.docNo ?? '', 'docNo', '文号', 40, false),
    title: limited(body.title, 'title', '标题', 80, true),
    practices: limited(body.practices ?? '', 'practices', '主要做法和成效', 5000, false),
    next_steps: limited(body.nextSteps, 'nextSteps', '下一步工作要求', 5000, true)
  }
  const now = deps.now().toISOString()
  await deps.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('circulars').select('round_id').where('round_id', '=', roundId).executeTakeFirst()
    if (exists) await trx.updateTable('circulars').set({ ...next, updated_at: now, updated_by: user.id }).where('round_id', '=', roundId).execute()
    else await trx.insertInto('circulars').values({ round_id: roundId, ...next, updated_at: now, updated_by: user.id }).execute()
    await appendAudit(trx, actor, deps.now(), { action: 'circular.update', entity: 'round', entityId: roundId, departmentId: user.departmentId, after: { title: next.title, docNo: next.doc_no } }, deps.newId)
  })
  return circularView(deps, user, roundId)
}

// Official-document look (GB/T 9704): A4, title in 方正小标宋, body 仿宋_GB2312 三号 (16 pt), headings 黑体 / 楷体.
const TITLE_FONT = '方正小标宋简体'
const BODY_FONT = '仿宋_GB2312'
const HEADING_FONT = '黑体'
const SUBHEADING_FONT = '楷体_GB2312'
const SIZE_3 = 32 // 三号, in half-points
const SIZE_2 = 44 // 二号
const LINE = { line: 560, lineRule: 'exact' as const } // 28 pt
const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name })

function body(text: string, opts: { indent?: boolean; fontName?: string; bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: LINE,
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    children: [new TextRun({ text, font: font(opts.fontName ?? BODY_FONT), size: SIZE_3, bold: opts.bold })]
  })
}

function cell(text: string, header = false): TableCell {
  return new TableCell({ children: [new Paragraph({ alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text, font: font(header ? HEADING_FONT : BODY_FONT), size: 24 })] })] })
}

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The whole element (`<w:p …>…</w:p>`, `<w:tr …>…</w:tr>`) around the first occurrence of `marker`. */
function elementAround(xml: string, marker: string, tag: 'w:p' | 'w:tr'): string {
  const at = xml.indexOf(marker)
  const open = Math.max(xml.lastIndexOf(`<${tag}>`, at), xml.lastIndexOf(`<${tag} `, at))
  const close = xml.indexOf(`</${tag}>`, at) + tag.length + 3
  if (at < 0 || open < 0 || close < tag.length + 3) throw new Error(`circular template: ${marker} not found`)
  return xml.slice(open, close)
}

/**
 * The circular as a .docx a person can still edit. The document is built with `docx`, except the
 * sections' paragraphs and the annex rows, which can run to thousands: `docx` renders one template
 * paragraph (body, subheading) and one template row, and their XML is repeated with each text.
 * Thousands of rows take milliseconds this way instead of seconds.
 */
export async function renderCircular(text: CircularText, issuedOn: string): Promise<Buffer> {
  const nonce = randomUUID().replace(/-/g, '')
  const mark = (what: string) => `gnm${nonce}${what}`
  const children: (Paragraph | Table)[] = []
  children.push(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: text.office, font: font(TITLE_FONT), size: SIZE_2, color: 'C00000' })] })
  )
  if (text.docNo) children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: LINE, children: [new TextRun({ text: text.docNo, font: font(BODY_FONT), size: SIZE_3 })] }))
  children.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 1 } }, children: [] }))
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 480, after: 480, line: 700, lineRule: 'exact' }, children: [new TextRun({ text: text.title, font: font(TITLE_FONT), size: SIZE_2 })] }))
  children.push(body(text.addressee, { indent: false }))
  text.sections.forEach((section, n) => {
    children.push(body(section.heading, { fontName: HEADING_FONT }))
    children.push(body(mark(`S${n}`)))
  })
  children.push(body(text.request))
  children.push(body('附件：政务新媒体检查问题清单'))
  children.push(body(text.office, { indent: false, align: AlignmentType.RIGHT }))
  children.push(body(formatChineseDate(issuedOn), { indent: false, align: AlignmentType.RIGHT }))
  children.push(body(mark('BODY')))
  children.push(body(mark('SUB'), { fontName: SUBHEADING_FONT }))
  children.push(new Paragraph({ children: [new PageBreak()] }))
  children.push(body('附件', { indent: false, fontName: HEADING_FONT }))
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [new TextRun({ text: '政务新媒体检查问题清单', font: font(TITLE_FONT), size: SIZE_2 })] }))
  const header = ['序号', '单位', '账号名称', '平台', '问题类型', '问题描述', '整改状态']
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), new TableRow({ children: header.map((_, k) => cell(mark(`C${k}`))) })]
    })
  )
  const doc = new Document({
    creator: text.office,
    title: text.title,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children
      }
    ]
  })
  const zip = await JSZip.loadAsync(await Packer.toBuffer(doc))
  let xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
  const bodyTpl = elementAround(xml, mark('BODY'), 'w:p')
  const subTpl = elementAround(xml, mark('SUB'), 'w:p')
  const rowTpl = elementAround(xml, mark('C0'), 'w:tr')
  xml = xml.replace(bodyTpl, () => '').replace(subTpl, () => '')
  text.sections.forEach((section, n) => {
    const paragraphs = section.paragraphs.map((p) => (p.subheading ? subTpl.replace(mark('SUB'), () => escapeXml(p.text)) : bodyTpl.replace(mark('BODY'), () => escapeXml(p.text)))).join('')
    xml = xml.replace(elementAround(xml, mark(`S${n}`), 'w:p'), () => paragraphs)
  })
  const rows = text.annex.length
    ? text.annex.map((r, i) => [String(i + 1), r.unit, r.account, r.platform, r.category, r.finding ? `${r.indicator}：${r.finding}` : r.indicator, r.status])
    : [['—', '本批次未发现问题', '', '', '', '', '']]
  const rowXml = rows.map((cells) => cells.reduce((row, t, k) => row.replace(mark(`C${k}`), () => escapeXml(t)), rowTpl)).join('')
  xml = xml.replace(rowTpl, () => rowXml)
  // The one place the circular's text is made safe for XML: the document as it is written.
  zip.file('word/document.xml', xmlSafe(xml))
  for (const name of ['docProps/core.xml', 'docProps/app.xml']) {
    const part = await zip.file(name)?.async('string')
    if (part !== undefined) zip.file(name, xmlSafe(part))
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** GET /rounds/:id/circular.docx */
export async function circularDocx(deps: Deps, user: SessionUser, actor: Actor, roundId: string): Promise<{ filename: string; bytes: Buffer }> {
  const { text, roundName } = await compose(deps, user, roundId)
  const today = new Date(deps.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const bytes = await renderCircular(text, today)
  await appendAudit(deps.db, actor, deps.now(), { action: 'export.circular', entity: 'round', entityId: roundId, departmentId: user.departmentId, after: { title: text.title } }, deps.newId)
  return { filename: `${roundName}政务新媒体检查情况通报.docx`, bytes }
}
