import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { requireRole, type SessionUser } from '../auth/session'
import { circularDocx, circularView, saveCircular, type CircularSettings } from '../services/circular'
import { rectificationReportDocx, rectificationReportView } from '../services/rectification-report'
import { badRequest } from '../errors'
import { roundStats } from '../services/stats'
import { shareCardPng } from '../documents/share-card'
import { text } from './paging'

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })
type RoundParams = { Params: { roundId: string } }

/** A round's circular (通报) and each department's rectification report (整改情况报告): the documents an office files. */
export async function circularRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get<RoundParams>('/rounds/:roundId/circular', async (request) => {
    const user = await requireRole(deps, request, ['leader', 'admin'])
    return circularView(deps, user, request.params.roundId)
  })

  app.put<RoundParams & { Body: Partial<CircularSettings> }>(
    '/rounds/:roundId/circular',
    {
      schema: {
        body: {
          type: 'object',
          properties: { office: { type: 'string' }, docNo: { type: 'string' }, title: { type: 'string' }, practices: { type: 'string' }, nextSteps: { type: 'string' }, copyTo: { type: 'string' }, printedBy: { type: 'string' } }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return saveCircular(deps, user, actorOf(user, request), request.params.roundId, request.body)
    }
  )

  app.get<RoundParams>('/rounds/:roundId/circular.docx', async (request, reply) => {
    const user = await requireRole(deps, request, ['leader', 'admin'])
    const file = await circularDocx(deps, user, actorOf(user, request), request.params.roundId)
    return reply
      .header('content-type', DOCX_MIME)
      .header('content-disposition', `attachment; filename="circular.docx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes)
  })

  type ReportParams = { Params: { departmentId: string } }
  const roundOf = (query: unknown): string => {
    const roundId = text(query, 'roundId', 64)
    if (!roundId) throw badRequest('REPORT_ROUND_REQUIRED', '请指定检查批次（roundId）', { field: 'roundId' })
    return roundId
  }

  app.get<ReportParams>('/departments/:departmentId/rectification-report', async (request) => {
    const user = await requireRole(deps, request, ['liaison', 'admin', 'leader'])
    return rectificationReportView(deps, user, request.params.departmentId, roundOf(request.query))
  })

  app.get<ReportParams>('/departments/:departmentId/rectification-report.docx', async (request, reply) => {
    const user = await requireRole(deps, request, ['liaison', 'admin', 'leader'])
    const file = await rectificationReportDocx(deps, user, actorOf(user, request), request.params.departmentId, roundOf(request.query), text(request.query, 'plannedBy', 10) ?? undefined)
    return reply
      .header('content-type', DOCX_MIME)
      .header('content-disposition', `attachment; filename="rectification-report.docx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes)
  })

  // The picture the leader's summary is shared into a WeChat chat with (onShareAppMessage).
  app.get<RoundParams>('/rounds/:roundId/share-card.png', async (request, reply) => {
    const user = await requireRole(deps, request, ['leader', 'admin'])
    const stats = await roundStats(deps, user, request.params.roundId)
    return reply.header('content-type', 'image/png').header('cache-control', 'private, max-age=60').send(await shareCardPng(stats))
  })
}
