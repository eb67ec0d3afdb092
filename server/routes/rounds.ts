import type { FastifyInstance } from 'fastify'
import { PLATFORMS } from '../../src/core'
import type { Deps } from '../deps'
import { ALL_ROLES, requireRole } from '../auth/session'
import { roundDetail, roundList, roundSummary } from '../services/rounds'
import { accountDetail, accountList } from '../services/accounts'
import { roundIssues } from '../services/issues'
import { oneOf, paged, paging, text } from './paging'

type RoundParams = { Params: { roundId: string } }

export async function roundRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get('/rounds', async (request) => {
    await requireRole(deps, request, ALL_ROLES)
    const p = paging(request.query)
    return paged(p, await roundList(deps, p.offset, p.limit))
  })

  app.get<RoundParams>('/rounds/:roundId', async (request) => {
    await requireRole(deps, request, ALL_ROLES)
    return roundDetail(deps, request.params.roundId)
  })

  app.get<RoundParams>('/rounds/:roundId/summary', async (request) => {
    await requireRole(deps, request, ['inspector', 'leader', 'admin'])
    return roundSummary(deps, request.params.roundId)
  })

  app.get<RoundParams>('/rounds/:roundId/accounts', async (request) => {
    const user = await requireRole(deps, request, ['inspector', 'leader', 'admin'])
    const p = paging(request.query)
    const q = request.query
    return paged(
      p,
      await accountList(deps, user, request.params.roundId, {
        q: text(q, 'q'),
        platform: oneOf(q, 'platform', PLATFORMS),
        departmentId: text(q, 'departmentId', 64),
        checkpointId: text(q, 'checkpointId', 64),
        status: oneOf(q, 'status', ['pending', 'inspected', 'failed'] as const),
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
