import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { ALL_ROLES, requireRole } from '../auth/session'
import { answerIssue, issueDetail, reviewIssue, roundOverview } from '../services/rectification'
import { exportIssues, XLSX_MIME } from '../services/export'
import { text } from './paging'
import { MAX_NOTE_LENGTH } from '../../src/core'

const clientIdParams = {
  type: 'object',
  properties: { issueId: { type: 'string', maxLength: 64 }, clientId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } }
} as const

export async function issueRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get<{ Params: { issueId: string } }>('/issues/:issueId', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    return issueDetail(deps, user, request.params.issueId)
  })

  app.put<{ Params: { issueId: string; clientId: string }; Body: { note: string; evidence: string[] } }>(
    '/issues/:issueId/answers/:clientId',
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          required: ['note', 'evidence'],
          additionalProperties: false,
          properties: {
            note: { type: 'string', maxLength: MAX_NOTE_LENGTH * 2 },
            evidence: { type: 'array', maxItems: 9, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } }
          }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['liaison', 'admin'])
      return answerIssue(deps, user, request.params.issueId, request.params.clientId, request.body, request.ip)
    }
  )

  app.put<{ Params: { issueId: string; clientId: string }; Body: { decision: 'verify' | 'return'; reason: string } }>(
    '/issues/:issueId/reviews/:clientId',
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          required: ['decision', 'reason'],
          additionalProperties: false,
          properties: { decision: { type: 'string', enum: ['verify', 'return'] }, reason: { type: 'string', maxLength: MAX_NOTE_LENGTH * 2 } }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['inspector', 'admin'])
      return reviewIssue(deps, user, request.params.issueId, request.params.clientId, request.body, request.ip)
    }
  )

  /** Rectification per competent unit; a liaison gets their own department's counts (their home page). */
  app.get<{ Params: { roundId: string } }>('/rounds/:roundId/overview', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    return roundOverview(deps, user, request.params.roundId)
  })

  /** The issue list as .xlsx (a department with its sub-units, or the round within the caller's scope). */
  app.get<{ Params: { roundId: string } }>('/rounds/:roundId/issues.xlsx', async (request, reply) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const file = await exportIssues(deps, user, request.params.roundId, text(request.query, 'departmentId', 64), request.ip)
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="issues.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes)
  })
}
