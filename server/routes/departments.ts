import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { ALL_ROLES, requireRole } from '../auth/session'
import { visibleDepartments } from '../auth/scope'
import { listDepartments } from '../db/repos/departments'
import { departmentIssues } from '../services/issues'
import { oneOf, paged, paging, text } from './paging'

export async function departmentRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get('/departments', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const p = paging(request.query)
    const visible = await visibleDepartments(deps, user)
    const { rows, total } = await listDepartments(deps.db, { q: text(request.query, 'q'), offset: p.offset, limit: p.limit, only: visible ? [...visible] : null })
    return paged(p, {
      total,
      items: rows.map((d) => ({ id: d.id, parentId: d.parent_id, name: d.name, shortName: d.short_name, level: d.level, hostLevel: d.host_level }))
    })
  })

  app.get<{ Params: { departmentId: string } }>('/departments/:departmentId/issues', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const p = paging(request.query)
    const result = await departmentIssues(deps, user, request.params.departmentId, {
      roundId: text(request.query, 'roundId', 64),
      status: oneOf(request.query, 'status', ['open', 'submitted', 'verified', 'returned'] as const),
      offset: p.offset,
      limit: p.limit
    })
    return { department: result.department, ...paged(p, result) }
  })
}
