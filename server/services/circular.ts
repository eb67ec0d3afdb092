import { randomUUID } from 'node:crypto'
import JSZip from 'jszip'
import { xmlSafe } from '../documents/safe-text'
import { AlignmentType, Document, Packer, Paragraph, TextRun, type Table } from 'docx'
import { annexTable, arabicDate, blank, colophon as colophonTable, FONT, heading1, heading2, LANDSCAPE_TEXT_WIDTH, leadLine, line, officeMark, redRule, section, signature, SIZE, title } from '../documents/official'
import {
  composeCircular,
  defaultCircularTitle,
  DEFAULT_NEXT_STEPS,
  DEFAULT_OFFICE,
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
import { treeOrder } from '../db/repos/departments'
import { badRequest, forbidden } from '../errors'
import { roundStats } from './stats'
import { pickedPractices } from './practices'
import { circularCheck } from './circular-check'
import { repeatOffenders } from './repeat-offenders'

/** What the office writes itself (GET/PUT /rounds/:id/circular). */
export interface CircularSettings {
  office: string
  docNo: string
  title: string
  practices: string
  nextSteps: string
  /** 版记: 抄送 (the bodies copied, as the office writes them) and 印发机关 (empty: the issuing office). */
  copyTo: string
  printedBy: string
}


async function settingsOf(deps: Deps, roundId: string, roundName: string): Promise<CircularSettings & { updatedAt: string | null; updatedBy: string | null }> {
  const row = await deps.db
    .selectFrom('circulars')
    .leftJoin('users', 'users.id', 'circulars.updated_by')
    .select(['circulars.office', 'circulars.doc_no', 'circulars.title', 'circulars.practices', 'circulars.next_steps', 'circulars.copy_to', 'circulars.printed_by', 'circulars.updated_at', 'users.name'])
    .where('circulars.round_id', '=', roundId)
    .executeTakeFirst()
  if (!row) return { office: DEFAULT_OFFICE, docNo: '', title: defaultCircularTitle(roundName), practices: '', nextSteps: DEFAULT_NEXT_STEPS, copyTo: '', printedBy: '', updatedAt: null, updatedBy: null }
  return { office: row.office, docNo: row.doc_no, title: row.title, practices: row.practices, nextSteps: row.next_steps, copyTo: row.copy_to, printedBy: row.printed_by, updatedAt: row.updated_at, updatedBy: row.name }
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
    .select(['issues.indicator_code', 'issues.finding', 'issues.status', 'issues.account_id', 'accounts.name as account', 'accounts.platform', 'accounts.platform_detail', 'departments.name as unit', 'issues.department_id'])
    .where('issues.round_id', '=', roundId)
  if (visible) issues = issues.where('issues.department_id', 'in', visible.size ? [...visible] : [''])
  const [unsorted, order] = await Promise.all([issues.orderBy('accounts.name').orderBy('issues.indicator_code').execute(), treeOrder(deps.db)])
  // The annex and the problems follow the unit tree, as the office's registry lists units.
  const rows = unsorted.sort((a, b) => (order.get(a.department_id) ?? Infinity) - (order.get(b.department_id) ?? Infinity))
  const indicators = new Map((catalog?.indicators ?? []).map((i) => [i.code, i]))
  const found = rows.map((r) => {
    const ind = indicators.get(r.indicator_code)
    return { ...r, category: ind?.category ?? '其他', indicator: ind?.title ?? r.indicator_code, platform: platformName(r.platform, r.platform_detail) }
  })
  const check = await circularCheck(deps, roundId, visible, stats)
  // Repeat offenders among the accounts with problems, named under 存在问题.
  const marks = await repeatOffenders(deps, roundId)
  const seen = new Set<string>()
  const repeat = rows.flatMap((r) => {
    const mark = marks.get(r.account_id)
    if (!mark || seen.has(r.account_id)) return []
    seen.add(r.account_id)
    return [{ unit: r.unit, account: r.account, platform: platformName(r.platform, r.platform_detail), consecutive: mark.consecutive, relapsed: mark.relapsed.length > 0 }]
  })
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
    repeat,
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
    next_steps: limited(body.nextSteps, 'nextSteps', '下一步工作要求', 5000, true),
    copy_to: limited(body.copyTo ?? '', 'copyTo', '抄送', 300, false),
    printed_by: limited(body.printedBy ?? '', 'printedBy', '印发机关', 40, false)
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

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The whole element (`<w:p …>…</w:p>`, `<w:tr …>…</w:tr>`) around the first occurrence of `marker`. */
function elementAround(xml: string, marker: string, tag: 'w:p' | 'w:tr'): string {
  const at = xml.indexOf(marker)
  const open = Math.max(xml.lastIndexOf(`<${tag}>`, at), xml.lastIndexOf(`<${tag} `, at))
  const close = xml.indexOf(`</${tag}>`, at) + tag.length + 3
  if (at < 0 || open < 0 || close < tag.length + 3) throw new Error(`circular template: ${marker} not found`)
  return xml.slice(open, close)
}

/** A level-2 heading that opens its paragraph (「（一）严把内容安全关。各地……」): set in 楷体, the rest in 仿宋. */
const LEAD_HEADING = /^（[一二三四五六七八九十]{1,3}）[^。；！？]{1,30}。/

/** The annex's columns, by what they hold: 问题描述 the widest. */
const ANNEX_COLUMNS = [
  { title: '序号', share: 5 },
  { title: '单位', share: 15 },
  { title: '账号名称', share: 14 },
  { title: '平台', share: 9 },
  { title: '问题类型', share: 10 },
  { title: '问题描述', share: 36 },
  { title: '整改状态', share: 10 }
]

/** The annex's last row: how many problems, accounts and units it lists. */
function annexCount(rows: CircularText['annex']): string {
  if (rows.length === 0) return '合计：本批次未发现问题'
  const accounts = new Set(rows.map((r) => `${r.unit}\u0000${r.account}\u0000${r.platform}`)).size
  const units = new Set(rows.map((r) => r.unit)).size
  return `合计：共${rows.length}个问题，涉及${units}个单位的${accounts}个账号`
}

export interface CircularColophon {
  copyTo: string
  printedBy: string
}

/**
 * The circular as a .docx a person can still edit, in the national format (server/documents/official.ts):
 * the body on the 22-line grid in a portrait section, the annex in a landscape one with its header
 * repeated on every page, and the 版记 on the last page. The sections' paragraphs and the annex
 * rows, which can run to thousands, are not built one by one: `docx` renders one template
 * paragraph of each kind and one template row, and their XML is repeated with each text —
 * milliseconds instead of seconds.
 */
export async function renderCircular(text: CircularText, issuedOn: string, colophon: CircularColophon = { copyTo: '', printedBy: '' }): Promise<Buffer> {
  const nonce = randomUUID().replace(/-/g, '')
  const mark = (what: string) => `gnm${nonce}${what}`
  const body: Paragraph[] = [officeMark(text.office)]
  if (text.docNo) body.push(line(text.docNo, { firstLine: 0, align: AlignmentType.CENTER }))
  body.push(redRule(), title(text.title), line(text.addressee, { firstLine: 0 }))
  text.sections.forEach((section, n) => {
    body.push(heading1(section.heading))
    body.push(line(mark(`S${n}`)))
  })
  // The request goes with the 附件说明 and the signature: no page holds a signature alone.
  body.push(line(text.request, { keepNext: true }))
  // 附件说明: a blank line below the text, two characters in; kept with the signature.
  body.push(blank(true), line('附件：政务新媒体检查问题清单', { keepNext: true }))
  body.push(...signature(text.office, arabicDate(issuedOn)))

  // The templates sit in the annex's section: the last paragraph of the body's carries its section break.
  const annex: (Paragraph | Table)[] = [
    line(mark('BODY')),
    heading2(mark('SUB')),
    leadLine(mark('LEAD'), mark('REST')),
    line('附件', { firstLine: 0, font: FONT.heading1 }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, keepNext: true, children: [new TextRun({ text: '政务新媒体检查问题清单', font: { ascii: FONT.title, eastAsia: FONT.title, hAnsi: FONT.title }, size: SIZE[2] })] }),
    annexTable(ANNEX_COLUMNS, [ANNEX_COLUMNS.map((_, k) => mark(`C${k}`)), [mark('COUNT'), ...ANNEX_COLUMNS.slice(1).map(() => '')]], LANDSCAPE_TEXT_WIDTH),
    line('', { firstLine: 0 }),
    colophonTable({ copyTo: colophon.copyTo, printedBy: colophon.printedBy.trim() || text.office, printedOn: arabicDate(issuedOn), width: LANDSCAPE_TEXT_WIDTH })
  ]
  const doc = new Document({
    creator: text.office,
    title: text.title,
    evenAndOddHeaderAndFooters: true,
    sections: [section(body), section(annex, { landscape: true })]
  })
  const zip = await JSZip.loadAsync(await Packer.toBuffer(doc))
  let xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
  const bodyTpl = elementAround(xml, mark('BODY'), 'w:p')
  const subTpl = elementAround(xml, mark('SUB'), 'w:p')
  const leadTpl = elementAround(xml, mark('LEAD'), 'w:p')
  const rowTpl = elementAround(xml, mark('C0'), 'w:tr')
  xml = xml.replace(bodyTpl, () => '').replace(subTpl, () => '').replace(leadTpl, () => '')
  const paragraph = (p: CircularText['sections'][number]['paragraphs'][number]) => {
    if (p.subheading) return subTpl.replace(mark('SUB'), () => escapeXml(p.text))
    const lead = LEAD_HEADING.exec(p.text)?.[0]
    if (lead) return leadTpl.replace(mark('LEAD'), () => escapeXml(lead)).replace(mark('REST'), () => escapeXml(p.text.slice(lead.length)))
    return bodyTpl.replace(mark('BODY'), () => escapeXml(p.text))
  }
  text.sections.forEach((section, n) => {
    const paragraphs = section.paragraphs.map(paragraph).join('')
    xml = xml.replace(elementAround(xml, mark(`S${n}`), 'w:p'), () => paragraphs)
  })
  const rows = text.annex.map((r, i) => [String(i + 1), r.unit, r.account, r.platform, r.category, r.finding ? `${r.indicator}：${r.finding}` : r.indicator, r.status])
  const rowXml = rows.map((cells) => cells.reduce((row, t, k) => row.replace(mark(`C${k}`), () => escapeXml(t)), rowTpl)).join('')
  xml = xml.replace(rowTpl, () => rowXml)
  // The count row: one cell across the table.
  const countRow = elementAround(xml, mark('COUNT'), 'w:tr')
  const firstCell = countRow.slice(countRow.indexOf('<w:tc>'), countRow.indexOf('</w:tc>') + 7)
  const spanned = firstCell.replace('<w:tcPr>', `<w:tcPr><w:gridSpan w:val="${ANNEX_COLUMNS.length}"/>`).replace(/<w:tcW [^>]*\/>/, `<w:tcW w:type="dxa" w:w="${LANDSCAPE_TEXT_WIDTH}"/>`)
  const countXml = countRow.slice(0, countRow.indexOf('<w:tc>')) + spanned.replace(mark('COUNT'), () => escapeXml(annexCount(text.annex))) + '</w:tr>'
  xml = xml.replace(countRow, () => countXml)
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
  const { text, roundName, settings } = await compose(deps, user, roundId)
  const today = new Date(deps.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const bytes = await renderCircular(text, today, { copyTo: settings.copyTo, printedBy: settings.printedBy })
  await appendAudit(deps.db, actor, deps.now(), { action: 'export.circular', entity: 'round', entityId: roundId, departmentId: user.departmentId, after: { title: text.title } }, deps.newId)
  return { filename: `${roundName}政务新媒体检查情况通报.docx`, bytes }
}
