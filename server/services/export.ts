import ExcelJS from 'exceljs'
import { writeWorkbook } from '../documents/safe-text'
import { deadlineLabel, formatChineseDate, formatRoundTime, INDICATOR_KIND_LABELS, ISSUE_STATUS_LABELS, type IssueItem } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { canSeeDepartment, roundFor, visibleDepartments } from '../auth/scope'
import { findDepartment, subtreeIds } from '../db/repos/departments'
import { latestEvents, listIssues } from '../db/repos/issues'

import { forbidden, notFound } from '../errors'
import { issueViews } from './issues'
import { appendAudit } from '../audit/log'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Thumbnails embedded per issue; the rest are counted in the cell. */
const THUMBS_PER_ISSUE = 3
const PAGE = 500

/**
 * The issue list of one department (with its sub-units) or of the whole round, as .xlsx:
 * account, platform, department, indicator, finding, evidence thumbnails, status, dates.
 * A liaison exports only their own department.
 */
export async function exportIssues(
  deps: Deps,
  user: SessionUser,
  roundId: string,
  departmentId: string | null,
  ip = '-'
): Promise<{ filename: string; bytes: Buffer; rows: number }> {
  const round = await roundFor(deps, user, roundId)
  let departmentIds: string[] | null
  let title: string
  if (departmentId) {
    const department = await findDepartment(deps.db, departmentId)
    if (!department) throw notFound('单位')
    if (!(await canSeeDepartment(deps, user, departmentId))) throw forbidden('您只能导出本单位的问题清单')
    departmentIds = await subtreeIds(deps.db, departmentId)
    title = department.name
  } else {
    const visible = await visibleDepartments(deps, user)
    departmentIds = visible ? [...visible] : null
    title = visible ? (user.departmentName ?? '本单位') : '全部单位'
  }

  const book = new ExcelJS.Workbook()
  book.creator = '政务新媒体检查'
  const sheet = book.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 2 }] })
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '账号名称', key: 'account', width: 18 },
    { header: '平台', key: 'platform', width: 11 },
    { header: '主办单位', key: 'department', width: 24 },
    { header: '指标类别', key: 'category', width: 10 },
    { header: '问题指标', key: 'indicator', width: 22 },
    { header: '类型', key: 'kind', width: 9 },
    { header: '问题描述', key: 'finding', width: 40 },
    { header: '截图', key: 'evidence', width: 3 * 11 },
    { header: '状态', key: 'status', width: 9 },
    { header: '整改反馈', key: 'answer', width: 30 },
    { header: '审核意见', key: 'review', width: 20 },
    { header: '监测时间点', key: 'checkpoint', width: 14 },
    { header: '整改期限', key: 'deadline', width: 14 },
    { header: '期限情况', key: 'due', width: 12 },
    { header: '最近更新', key: 'updated', width: 14 }
  ]
  sheet.spliceRows(1, 0, [`${round.name}政务新媒体检查问题清单（${title}）`])
  sheet.mergeCells(1, 1, 1, sheet.columns.length)
  sheet.getRow(1).font = { bold: true, size: 14 }
  sheet.getRow(1).height = 28
  sheet.getRow(2).font = { bold: true }
  sheet.getRow(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EFFF' } }

  let n = 0
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await listIssues(deps.db, { departmentIds, roundId, status: null, offset, limit: PAGE })
    if (rows.length === 0) break
    const items: IssueItem[] = await issueViews(deps, rows)
    const events = await latestEvents(deps.db, items.map((i) => i.id))
    for (const issue of items) {
      n += 1
      const { answer, review } = events.get(issue.id) ?? {}
      const row = sheet.addRow({
        n,
        account: issue.account.name,
        platform: issue.account.platformName,
        department: issue.department.name,
        category: issue.indicator.category,
        indicator: issue.indicator.title,
        kind: INDICATOR_KIND_LABELS[issue.indicator.kind],
        finding: issue.finding,
        evidence: issue.evidence.length > THUMBS_PER_ISSUE ? `共 ${issue.evidence.length} 张` : '',
        status: ISSUE_STATUS_LABELS[issue.status],
        answer: answer?.note ?? '',
        review: review ? `${review.action === 'verify' ? '确认' : '退回'}${review.note ? `：${review.note}` : ''}` : '',
        checkpoint: formatChineseDate(issue.checkpointDate),
        deadline: formatChineseDate(issue.round.deadline),
        due: deadlineLabel(issue.due),
        updated: formatRoundTime(issue.updatedAt, { withYear: true })
      })
      row.alignment = { vertical: 'middle', wrapText: true }
      if (issue.evidence.length > 0) row.height = 62
      for (const [k, sha] of issue.evidence.slice(0, THUMBS_PER_ISSUE).entries()) {
        const thumb = await deps.evidence.get(sha, 'thumb')
        if (!thumb) continue
        const image = book.addImage({ buffer: thumb as unknown as ExcelJS.Buffer, extension: 'jpeg' })
        sheet.addImage(image, { tl: { col: 8 + k * 0.33, row: row.number - 1 + 0.05 }, ext: { width: 44, height: 78 } })
      }
    }
    if (rows.length < PAGE) break
  }
  const bytes = await writeWorkbook(book)
  // Who took the issue list out of the system, and which part of it.
  await appendAudit(
    deps.db,
    { id: user.id, name: user.name, ip },
    deps.now(),
    { action: 'export.issues', entity: departmentId ? 'department' : 'round', entityId: departmentId ?? roundId, departmentId, after: { roundId, rows: n } },
    deps.newId
  )
  return { filename: `${round.name}问题清单-${title}.xlsx`, bytes, rows: n }
}
