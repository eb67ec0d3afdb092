import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { ALL_ROLES, requireRole, type SessionUser } from '../auth/session'
import { requireCityAdmin } from '../auth/scope'
import { addWordingTerm, evidenceText, removeWordingTerm, searchEvidenceText, type WordingTermBody } from '../services/evidence-text'
import { addLeader, changeLeader, leaders, proofreadText, removeLeader, wordingTerms, type LeaderBody } from '../services/proofread'
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

  // The proofreader on any text people write into documents (the circular, good-practice wording): hints only.
  app.post<{ Body: { text: unknown } }>(
    '/proofread',
    { schema: { body: { type: 'object', required: ['text'], properties: { text: {} } } } },
    async (request) => {
      await requireRole(deps, request, ALL_ROLES)
      return proofreadText(deps, request.body.text)
    }
  )

  // The office's leaders' names and titles, which the proofreader checks a name beside a title against.
  app.get('/leaders', async (request) => {
    await requireRole(deps, request, ['admin', 'leader'])
    return { items: await leaders(deps) }
  })

  const leaderBody = {
    type: 'object',
    required: ['name', 'title', 'since'],
    additionalProperties: false,
    properties: { name: { type: 'string', maxLength: 50 }, title: { type: 'string', maxLength: 200 }, since: { type: 'string', maxLength: 20 } }
  }

  app.post<{ Body: LeaderBody }>('/leaders', { schema: { body: leaderBody } }, async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    await requireCityAdmin(deps, user, '领导职务表由市级管理员维护')
    return reply.code(201).send(await addLeader(deps, actorOf(user, request), request.body))
  })

  app.put<{ Params: { id: string }; Body: LeaderBody }>('/leaders/:id', { schema: { body: leaderBody } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    await requireCityAdmin(deps, user, '领导职务表由市级管理员维护')
    return changeLeader(deps, actorOf(user, request), request.params.id, request.body)
  })

  app.delete<{ Params: { id: string } }>('/leaders/:id', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    await requireCityAdmin(deps, user, '领导职务表由市级管理员维护')
    await removeLeader(deps, actorOf(user, request), request.params.id)
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
