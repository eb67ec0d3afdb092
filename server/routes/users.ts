import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ROLES } from '../../src/core'
import type { Deps } from '../deps'
import { requireRole, type SessionUser } from '../auth/session'
import type { Actor } from '../audit/log'
import { createPerson, listPeople, reissueCode, signOutEverywhere, updatePerson } from '../services/people'
import { paged, paging } from './paging'

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })
const idParams = { type: 'object', properties: { userId: { type: 'string', minLength: 1, maxLength: 80 } } } as const

/** People (admins only, within their scope): list, create with a bind code, change, deactivate, codes, sessions. */
export async function userRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get('/users', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    const p = paging(request.query)
    return paged(p, await listPeople(deps, user, p))
  })

  app.post<{ Body: { name: string; role: string; departmentId: string | null } }>(
    '/users',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'role', 'departmentId'],
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 64 }, role: { type: 'string', enum: [...ROLES] }, departmentId: { type: ['string', 'null'], maxLength: 64 } }
        }
      }
    },
    async (request, reply) => {
      const user = await requireRole(deps, request, ['admin'])
      return reply.code(201).send(await createPerson(deps, user, actorOf(user, request), request.body))
    }
  )

  // PATCH as the API says; POST too, because wx.request cannot send PATCH (the mini-program uses it).
  app.route<{ Params: { userId: string }; Body: { name?: string; role?: string; departmentId?: string | null; active?: boolean } }>({
    method: ['PATCH', 'POST'],
    url: '/users/:userId',
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          name: { type: 'string', maxLength: 64 },
          role: { type: 'string', enum: [...ROLES] },
          departmentId: { type: ['string', 'null'], maxLength: 64 },
          active: { type: 'boolean' }
        }
      }
    },
    handler: async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return updatePerson(deps, user, actorOf(user, request), request.params.userId, request.body)
    }
  })

  app.post<{ Params: { userId: string } }>('/users/:userId/bind-code', { schema: { params: idParams } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return reissueCode(deps, user, actorOf(user, request), request.params.userId)
  })

  /** Ends every session of the person (a lost phone). */
  app.delete<{ Params: { userId: string } }>('/users/:userId/sessions', { schema: { params: idParams } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return signOutEverywhere(deps, user, actorOf(user, request), request.params.userId)
  })
}
