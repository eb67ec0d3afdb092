import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { ALL_ROLES, requireRole, type SessionUser } from '../auth/session'
import { requireCityAdmin } from '../auth/scope'
import { addWordingTerm, evidenceText, removeWordingTerm, searchEvidenceText, wordingTerms, type WordingTermBody } from '../services/evidence-text'
import { badRequest } from '../errors'

const SHA256 = /^[0-9a-f]{64}$/
const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })

/** Screenshot text read by the optional OCR: a screenshot's lines and suspected wording errors, the dictionary, and search. */
export async function evidenceTextRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.get<{ Params: { sha256: string } }>('/evidence/:sha256/text', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    if (!SHA256.test(request.params.sha256)) throw badRequest('EVIDENCE_ID_INVALID', '截图编号格式不正确')
    return evidenceText(deps, user, request.params.sha256)
  })

  app.get('/wording-terms', async (request) => {
    await requireRole(deps, request, ALL_ROLES)
    return { items: await wordingTerms(deps) }
  })

  app.post<{ Body: WordingTermBody }>(
    '/wording-terms',
    {
      schema: {
        body: {
          type: 'object',
          required: ['wrong', 'right', 'source'],
          additionalProperties: false,
          properties: { wrong: { type: 'string', maxLength: 100 }, right: { type: 'string', maxLength: 100 }, source: { type: 'string', maxLength: 200 } }
        }
      }
    },
    async (request, reply) => {
      const user = await requireRole(deps, request, ['admin'])
      await requireCityAdmin(deps, user, '错敏词库由市级管理员维护')
      return reply.code(201).send(await addWordingTerm(deps, actorOf(user, request), request.body))
    }
  )

  app.delete<{ Params: { id: string } }>('/wording-terms/:id', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    await requireCityAdmin(deps, user, '错敏词库由市级管理员维护')
    await removeWordingTerm(deps, actorOf(user, request), request.params.id)
    return { ok: true }
  })

  app.get<{ Params: { roundId: string }; Querystring: { q?: string } }>(
    '/rounds/:roundId/evidence-search',
    { schema: { querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 } } } } },
    async (request) => {
      const user = await requireRole(deps, request, ['inspector', 'leader', 'admin'])
      return searchEvidenceText(deps, user, request.params.roundId, request.query.q ?? '')
    }
  )
}
