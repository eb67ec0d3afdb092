import type { FastifyInstance } from 'fastify'
import { PLATFORM_FILTERS } from '../../src/core'
import type { Deps } from '../deps'
import { ALL_ROLES, requireRole } from '../auth/session'
import { roundDetail, roundList, roundSummary } from '../services/rounds'
import { accountDetail, accountList } from '../services/accounts'
import { roundIssues } from '../services/issues'
import { roundStats } from '../services/stats'
import { oneOf, paged, paging, text } from './paging'
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../audit/log'
import type { SessionUser } from '../auth/session'
import { assignRound, createRound, moveRound, type AssignmentInput, type CreateRoundInput } from '../services/round-setup'

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })
const DATE = { type: 'string', maxLength: 10 }

type RoundParams = { Params: { roundId: string } }

export async function roundRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get('/rounds', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const p = paging(request.query)
    return paged(p, await roundList(deps, user, p.offset, p.limit))
  })

  /** A new round, as a draft, on all running accounts of the admin's scope or a stratified sample. */
  app.post<{ Body: CreateRoundInput }>(
    '/rounds',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'catalogId', 'checkpoints', 'deadline', 'contactName', 'contactPhone', 'scope'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: 100 },
            catalogId: { type: 'string', maxLength: 64 },
            checkpoints: { type: 'array', maxItems: 10, items: DATE },
            deadline: DATE,
            contactName: { type: 'string', maxLength: 64 },
            contactPhone: { type: 'string', maxLength: 32 },
            scope: {
              type: 'object',
              required: ['kind'],
              properties: { kind: { type: 'string', enum: ['all', 'sample'] }, percent: { type: 'integer' }, seed: { type: 'integer', minimum: 0, maximum: 2147483647 } }
            }
          }
        }
      }
    },
    async (request, reply) => {
      const user = await requireRole(deps, request, ['admin'])
      return reply.code(201).send(await createRound(deps, user, actorOf(user, request), request.body))
    }
  )

  app.post<RoundParams & { Body: AssignmentInput }>(
    '/rounds/:roundId/assignments',
    {
      schema: {
        body: {
          type: 'object',
          required: ['mode'],
          properties: {
            mode: { type: 'string', enum: ['even', 'manual'] },
            inspectorIds: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 64 } },
            items: {
              type: 'array',
              maxItems: 20000,
              items: { type: 'object', required: ['accountId', 'inspectorId'], properties: { accountId: { type: 'string', maxLength: 64 }, inspectorId: { type: 'string', maxLength: 64 } } }
            }
          }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      const body = request.body
      const input: AssignmentInput = body.mode === 'even' ? { mode: 'even', inspectorIds: body.inspectorIds ?? [] } : { mode: 'manual', items: body.items ?? [] }
      return assignRound(deps, user, actorOf(user, request), request.params.roundId, input)
    }
  )

  app.post<RoundParams>('/rounds/:roundId/open', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return moveRound(deps, user, actorOf(user, request), request.params.roundId, 'open')
  })

  app.post<RoundParams>('/rounds/:roundId/close', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return moveRound(deps, user, actorOf(user, request), request.params.roundId, 'closed')
  })

  app.get<RoundParams>('/rounds/:roundId', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    return roundDetail(deps, request.params.roundId, user)
  })

  app.get<RoundParams>('/rounds/:roundId/summary', async (request) => {
    const user = await requireRole(deps, request, ['inspector', 'leader', 'admin'])
    return roundSummary(deps, user, request.params.roundId)
  })

  /** The leader's summary: pass rates by platform, level and unit, failures, rectification, the trend. */
  app.get<RoundParams>('/rounds/:roundId/stats', async (request) => {
    const user = await requireRole(deps, request, ['leader', 'admin'])
    return roundStats(deps, user, request.params.roundId)
  })

  app.get<RoundParams>('/rounds/:roundId/accounts', async (request) => {
    const user = await requireRole(deps, request, ['inspector', 'leader', 'admin'])
    const p = paging(request.query)
    const q = request.query
    return paged(
      p,
      await accountList(deps, user, request.params.roundId, {
        q: text(q, 'q'),
        platform: oneOf(q, 'platform', PLATFORM_FILTERS),
        departmentId: text(q, 'departmentId', 64),
        checkpointId: text(q, 'checkpointId', 64),
        status: oneOf(q, 'status', ['pending', 'inspected', 'failed', 'repeat'] as const),
        assignee: text(q, 'assignee', 64),
        offset: p.offset,
        limit: p.limit
      })
    )
  })

  app.get<{ Params: { roundId: string; accountId: string } }>('/rounds/:roundId/accounts/:accountId', async (request) => {
    const user = await requireRole(deps, request, ['inspector', 'leader', 'admin'])
    return accountDetail(deps, user, request.params.roundId, request.params.accountId)
  })

  app.get<RoundParams>('/rounds/:roundId/issues', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const p = paging(request.query)
    return paged(
      p,
      await roundIssues(deps, user, request.params.roundId, {
        status: oneOf(request.query, 'status', ['open', 'submitted', 'verified', 'returned'] as const),
        offset: p.offset,
        limit: p.limit
      })
    )
  })
}
