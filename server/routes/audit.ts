import type { FastifyInstance } from 'fastify'
import { describeAudit, type AuditItem } from '../../src/core'
import type { Deps } from '../deps'
import { requireRole } from '../auth/session'
import { adminScope } from '../auth/scope'
import { badRequest } from '../errors'
import { paged, paging, text } from './paging'

/** The audit trail, newest first, for admins within their scope. Read-only: no route changes it. */
export async function auditRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts
  app.get('/audit', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    const p = paging(request.query)
    const q = request.query
    const from = text(q, 'from', 40)
    const to = text(q, 'to', 40)
    for (const [key, value] of [['from', from], ['to', to]] as const) {
      if (value !== null && Number.isNaN(Date.parse(value))) throw badRequest('QUERY_INVALID', `参数 ${key} 不是有效的时间`)
    }
    const scope = await adminScope(deps, user)
    let query = deps.db.selectFrom('audit_log')
    const entity = text(q, 'entity', 32)
    const entityId = text(q, 'entityId', 80)
    const actor = text(q, 'actor', 80)
    if (entity) query = query.where('entity', '=', entity)
    if (entityId) query = query.where('entity_id', '=', entityId)
    if (actor) query = query.where('actor_id', '=', actor)
    if (from) query = query.where('at', '>=', new Date(from).toISOString())
    if (to) query = query.where('at', '<=', new Date(to).toISOString())
    if (scope) query = query.where('department_id', 'in', scope.size ? [...scope] : [''])
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').offset(p.offset).limit(p.limit).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    ])
    const items: AuditItem[] = rows.map((r) => {
      const item = {
        id: r.id,
        at: r.at,
        actor: { id: r.actor_id, name: r.actor_name },
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
        ip: r.ip
      }
      return { ...item, summary: describeAudit(item) }
    })
    return paged(p, { items, total: Number(count.n) })
  })
}
