import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { requireRole, type SessionUser } from '../auth/session'
import { AppError, badRequest } from '../errors'
import { readMultipart } from './multipart'
import { commitPeople, createInvitation, decideJoinRequest, describeInvitation, joinWithInvitation, listInvitations, listJoinRequests, planPeople, revokeInvitation } from '../services/onboarding'

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })
/** A people sheet is small: a province's liaisons fit in far less. */
const MAX_PEOPLE_FILE_BYTES = 2 * 1024 * 1024
const SIGN_IN_LIMIT = { max: 60, timeWindow: '1 minute' }
const tokenParams = { type: 'object', properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } } } as const

/**
 * A whole office's people: create them from the registry's contact columns or a people sheet
 * (dry run, then commit), invite each unit through a link its people open in the mini-program,
 * and approve in one tap whoever joined with a number nobody holds.
 */
export async function onboardingRoutes(app: FastifyInstance, opts: { deps: Deps; trustOpenidHeader?: boolean }): Promise<void> {
  const { deps } = opts

  app.post('/people/imports', { onRequest: async (request) => void (await requireRole(deps, request, ['admin'])) }, async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    if (request.isMultipart()) {
      const file = await readMultipart(async () => {
        let found: { filename: string; bytes: Buffer } | null = null
        let named: string | null = null
        for await (const part of request.parts({ limits: { fileSize: MAX_PEOPLE_FILE_BYTES, files: 1, fields: 2 } })) {
          // The name the person picked (wx.uploadFile sends a temporary path as the file's name).
          if (part.type !== 'file') {
            if (part.fieldname === 'filename') named = String(part.value).slice(0, 200)
            continue
          }
          const bytes = await part.toBuffer()
          if (part.file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '人员表格超过 2 MB，请分批导入')
          if (part.fieldname === 'file') found = { filename: part.filename || 'people.xlsx', bytes }
        }
        return found && named ? { ...found, filename: named } : found
      })
      if (!file || file.bytes.length === 0) throw badRequest('FILE_MISSING', '没有收到人员表格')
      return reply.code(201).send(await planPeople(deps, user, { source: 'sheet', filename: file.filename, bytes: file.bytes }))
    }
    const body = request.body as { source?: unknown } | null
    if (body?.source !== 'registry') throw badRequest('SOURCE_INVALID', '请上传人员表格，或选择「从台账生成联络员」')
    return reply.code(201).send(await planPeople(deps, user, { source: 'registry' }))
  })

  app.post<{ Params: { importId: string } }>('/people/imports/:importId/commit', { schema: { params: { type: 'object', properties: { importId: { type: 'string', maxLength: 80 } } } } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return commitPeople(deps, user, actorOf(user, request), request.params.importId)
  })

  app.post<{ Params: { departmentId: string } }>('/departments/:departmentId/invitations', { schema: { params: { type: 'object', properties: { departmentId: { type: 'string', maxLength: 80 } } } } }, async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    return reply.code(201).send(await createInvitation(deps, user, actorOf(user, request), request.params.departmentId))
  })

  app.get('/invitations', async (request) => listInvitations(deps, await requireRole(deps, request, ['admin'])))

  app.delete<{ Params: { invitationId: string } }>('/invitations/:invitationId', { schema: { params: { type: 'object', properties: { invitationId: { type: 'string', maxLength: 80 } } } } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return revokeInvitation(deps, user, actorOf(user, request), request.params.invitationId)
  })

  // Public: the invitation is the credential; WeChat vouches for the person and their number.
  app.get<{ Params: { token: string } }>('/join/:token', { schema: { params: tokenParams } }, async (request) => describeInvitation(deps, request.params.token))

  app.post<{ Params: { token: string }; Body: { code?: string; phoneCode: string } }>(
    '/join/:token',
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: {
        params: tokenParams,
        body: { type: 'object', required: ['phoneCode'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 128 }, phoneCode: { type: 'string', minLength: 1, maxLength: 256 } } }
      }
    },
    async (request) => {
      if (!deps.wechat) throw new AppError(503, 'WECHAT_NOT_CONFIGURED', '服务器尚未配置微信登录（WECHAT_APPID、WECHAT_SECRET）')
      const header = request.headers['x-wx-openid']
      const openid = request.body.code
        ? await deps.wechat.openid(request.body.code)
        : opts.trustOpenidHeader && typeof header === 'string' && header.trim() !== ''
          ? header.trim()
          : null
      if (!openid) throw badRequest('CODE_REQUIRED', '缺少微信登录凭证，请在微信中打开邀请后重试')
      const phone = await deps.wechat.phoneNumber(request.body.phoneCode)
      return joinWithInvitation(deps, request.params.token, openid, phone, request.ip)
    }
  )

  app.get('/join-requests', async (request) => listJoinRequests(deps, await requireRole(deps, request, ['admin'])))

  app.post<{ Params: { requestId: string }; Body: { name: string } }>(
    '/join-requests/:requestId/approve',
    {
      schema: {
        params: { type: 'object', properties: { requestId: { type: 'string', maxLength: 80 } } },
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 64 } } }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return decideJoinRequest(deps, user, actorOf(user, request), request.params.requestId, { approve: true, name: request.body.name })
    }
  )

  app.post<{ Params: { requestId: string } }>('/join-requests/:requestId/reject', { schema: { params: { type: 'object', properties: { requestId: { type: 'string', maxLength: 80 } } } } }, async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return decideJoinRequest(deps, user, actorOf(user, request), request.params.requestId, { approve: false })
  })
}
