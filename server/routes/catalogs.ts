import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { requireRole, type SessionUser } from '../auth/session'
import { catalogDetail, cloneCatalog, listCatalogs, publishCatalog, updateCatalog, type CatalogEdit } from '../services/catalogs'

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })
type CatalogParams = { Params: { catalogId: string } }

const INDICATOR = {
  type: 'object',
  required: ['code', 'category', 'kind', 'title', 'description', 'points', 'evidenceRequired', 'rule'],
  properties: {
    code: { type: 'string', maxLength: 20 },
    category: { type: 'string', maxLength: 40 },
    kind: { type: 'string', enum: ['veto', 'deduction', 'bonus'] },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 1000 },
    points: { type: 'integer', minimum: 0, maximum: 100 },
    evidenceRequired: { type: 'boolean' },
    phrases: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
    rule: { anyOf: [{ type: 'null' }, { type: 'object', required: ['type', 'days'], properties: { type: { type: 'string', enum: ['update-lag'] }, days: { type: 'integer' } } }] }
  }
}

/** Indicator catalogs: every version to read (admin, leader); clone, edit a draft, publish (admin). */
export async function catalogRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get('/catalogs', async (request) => {
    await requireRole(deps, request, ['admin', 'leader'])
    return listCatalogs(deps)
  })

  app.get<CatalogParams>('/catalogs/:catalogId', async (request) => {
    await requireRole(deps, request, ['admin', 'leader'])
    return catalogDetail(deps, request.params.catalogId)
  })

  app.post<CatalogParams>('/catalogs/:catalogId/clone', async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    return reply.code(201).send(await cloneCatalog(deps, user, actorOf(user, request), request.params.catalogId))
  })

  app.put<CatalogParams & { Body: CatalogEdit }>(
    '/catalogs/:catalogId',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'scoring', 'indicators'],
          properties: {
            name: { type: 'string', maxLength: 100 },
            scoring: { anyOf: [{ type: 'null' }, { type: 'object', required: ['base', 'passMark'], properties: { base: { type: 'number' }, passMark: { type: 'number' } } }] },
            indicators: { type: 'array', maxItems: 100, items: INDICATOR }
          }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return updateCatalog(deps, user, actorOf(user, request), request.params.catalogId, request.body)
    }
  )

  app.post<CatalogParams>('/catalogs/:catalogId/publish', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return publishCatalog(deps, user, actorOf(user, request), request.params.catalogId)
  })
}
