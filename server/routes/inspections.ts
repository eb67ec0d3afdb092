import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { requireRole } from '../auth/session'
import { inspectionReceipt, submitInspection, type InspectionSubmission } from '../services/inspections'
import { MAX_NOTE_LENGTH } from '../../src/core'

const answerSchema = {
  type: 'object',
  required: ['code', 'result', 'note', 'value', 'evidence'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 32 },
    // type lists, not anyOf: Fastify's ajv coerces types, and under anyOf it would turn null into ''.
    result: { type: ['string', 'null'], enum: ['pass', 'fail', 'na', null] },
    note: { type: 'string', maxLength: MAX_NOTE_LENGTH * 2 },
    value: { type: ['string', 'null'], maxLength: 32 },
    evidence: { type: 'array', maxItems: 9, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } }
  }
} as const

const submissionSchema = {
  type: 'object',
  required: ['roundId', 'checkpointId', 'accountId', 'answers'],
  additionalProperties: false,
  properties: {
    roundId: { type: 'string', minLength: 1, maxLength: 64 },
    checkpointId: { type: 'string', minLength: 1, maxLength: 64 },
    accountId: { type: 'string', minLength: 1, maxLength: 64 },
    answers: { type: 'array', maxItems: 100, items: answerSchema }
  }
} as const

export async function inspectionRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts
  app.put<{ Params: { clientId: string }; Body: InspectionSubmission }>(
    '/inspections/:clientId',
    {
      schema: {
        params: {
          type: 'object',
          properties: { clientId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } }
        },
        body: submissionSchema
      }
    },
    async (request, reply) => {
      const user = await requireRole(deps, request, ['inspector', 'admin'])
      const receipt = await submitInspection(deps, user, request.params.clientId, request.body, request.ip)
      return reply.code(receipt.replayed ? 200 : 201).send(receipt)
    }
  )

  app.get<{ Params: { clientId: string } }>('/inspections/:clientId', async (request) => {
    const user = await requireRole(deps, request, ['inspector', 'admin'])
    return inspectionReceipt(deps, user, request.params.clientId)
  })
}
