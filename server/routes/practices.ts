import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { requireRole, type SessionUser } from '../auth/session'
import { roundPractices, submitPractice, updatePractice, type PracticeBody, type PracticePatch } from '../services/practices'
import { MAX_NOTE_LENGTH } from '../../src/core'

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })

/** Good practices (典型做法): inspectors flag them from the outbox; the admin rewords and picks them for the circular. */
export async function practiceRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.put<{ Params: { clientId: string }; Body: PracticeBody }>(
    '/practices/:clientId',
    {
      schema: {
        params: { type: 'object', properties: { clientId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } } },
        body: {
          type: 'object',
          required: ['roundId', 'accountId', 'theme', 'note', 'evidence'],
          additionalProperties: false,
          properties: {
            roundId: { type: 'string', maxLength: 64 },
            accountId: { type: 'string', maxLength: 64 },
            theme: { type: 'string', maxLength: 32 },
            note: { type: 'string', maxLength: MAX_NOTE_LENGTH * 2 },
            evidence: { type: 'array', maxItems: 9, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } }
          }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['inspector', 'admin'])
      return submitPractice(deps, user, request.params.clientId, request.body, actorOf(user, request))
    }
  )

  app.get<{ Params: { roundId: string } }>('/rounds/:roundId/practices', async (request) => {
    const user = await requireRole(deps, request, ['leader', 'admin'])
    return roundPractices(deps, user, request.params.roundId)
  })

  // PATCH as the API says; POST too, because wx.request cannot send PATCH (the mini-program uses it).
  app.route<{ Params: { id: string }; Body: PracticePatch }>({
    method: ['PATCH', 'POST'],
    url: '/practices/:id',
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          wording: { type: ['string', 'null'], maxLength: MAX_NOTE_LENGTH * 2 },
          theme: { type: 'string', maxLength: 32 },
          picked: { type: 'boolean' }
        }
      }
    },
    handler: async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return updatePractice(deps, user, actorOf(user, request), request.params.id, request.body)
    }
  })
}
