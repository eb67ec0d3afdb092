import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { visibleDepartments } from '../auth/scope'
import { ALL_ROLES, loginAs, requireRole, tokenOf, toSessionUser } from '../auth/session'
import { bindWithCode, signInWithBindCode, signInWithOpenid, signOut } from '../services/sign-in'
import { approveWebTicket, createWebTicket, describeWebTicket, pollWebTicket } from '../services/web-tickets'
import { listUsers } from '../db/repos/users'
import { AppError, badRequest } from '../errors'
import { roundToday } from '../../src/core'

/** Per client address: a phone signs in a few times a day; an office behind one NAT, a few dozen people. */
const SIGN_IN_LIMIT = { max: 60, timeWindow: '1 minute' }
/** Binding guesses codes: fewer (a ticket also dies after 5 wrong codes). */
const BIND_LIMIT = { max: 20, timeWindow: '1 minute' }

export async function authRoutes(app: FastifyInstance, opts: { deps: Deps; demo: boolean; trustOpenidHeader: boolean }): Promise<void> {
  const { deps, demo, trustOpenidHeader } = opts
  const demoOnly = () => {
    if (!demo) throw new AppError(404, 'NOT_FOUND', '接口不存在')
  }

  app.get('/auth/demo-users', async () => {
    demoOnly()
    const users = await listUsers(deps.db, 100)
    return {
      items: users.map((u) => {
        const s = toSessionUser(u)
        return { username: s.username, name: s.name, role: s.role, departmentId: s.departmentId, departmentName: s.departmentName }
      })
    }
  })

  app.post<{ Body: { username: string } }>(
    '/auth/demo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 } }
        }
      }
    },
    async (request) => {
      demoOnly()
      return loginAs(deps, request.body.username)
    }
  )

  // `today`: the server's calendar date in the round's time zone, where the app's date pickers start
  // (the demo's clock stands inside its 2024 round, whatever the phone says).
  // `ocr`: whether this server reads screenshots (the checklist promises date reading only then).
  app.get('/me', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    return {
      user,
      today: roundToday(deps.now()),
      ocr: deps.ocr !== undefined,
      cityWide: (await visibleDepartments(deps, user)) === null,
      // The subscribe-message templates a liaison may opt into: only when this server can send them.
      reminders: deps.reminders ? { deadline: deps.reminders.templates.deadline, returned: deps.reminders.templates.returned } : null
    }
  })

  /**
   * WeChat sign-in: a `wx.login` code (or, on WeChat Cloud Hosting with TRUST_WX_OPENID_HEADER=1,
   * the x-wx-openid header the platform injects) → signed in, or a ticket to bind with a code.
   */
  app.post<{ Body: { code?: string } | undefined }>(
    '/auth/wechat',
    { config: { rateLimit: SIGN_IN_LIMIT }, schema: { body: { type: ['object', 'null'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 128 } } } } },
    async (request) => {
      const code = request.body?.code
      if (code) {
        if (!deps.wechat) throw new AppError(503, 'WECHAT_NOT_CONFIGURED', '服务器尚未配置微信登录（WECHAT_APPID、WECHAT_SECRET）')
        return signInWithOpenid(deps, await deps.wechat.openid(code), request.ip)
      }
      const header = request.headers['x-wx-openid']
      if (trustOpenidHeader && typeof header === 'string' && header.trim() !== '') return signInWithOpenid(deps, header.trim(), request.ip)
      throw badRequest('CODE_REQUIRED', '缺少微信登录凭证，请在微信中打开小程序后重试')
    }
  )

  app.post<{ Body: { ticket: string; bindCode: string } }>(
    '/auth/bind',
    {
      config: { rateLimit: BIND_LIMIT },
      schema: {
        body: {
          type: 'object',
          required: ['ticket', 'bindCode'],
          additionalProperties: false,
          properties: { ticket: { type: 'string', minLength: 1, maxLength: 80 }, bindCode: { type: 'string', minLength: 1, maxLength: 32 } }
        }
      }
    },
    async (request) => bindWithCode(deps, request.body.ticket, request.body.bindCode, request.ip)
  )

  /** A browser's first sign-in with the one-time bind code (desks have no WeChat). */
  app.post<{ Body: { bindCode: string } }>(
    '/auth/bind-code',
    {
      config: { rateLimit: BIND_LIMIT },
      schema: { body: { type: 'object', required: ['bindCode'], additionalProperties: false, properties: { bindCode: { type: 'string', minLength: 1, maxLength: 32 } } } }
    },
    async (request) => signInWithBindCode(deps, request.body.bindCode, request.ip, String(request.headers['user-agent'] ?? ''))
  )

  // Desktop sign-in: the browser shows a QR code of a ticket; a signed-in phone approves it.
  const ticketParams = { type: 'object', properties: { ticketId: { type: 'string', pattern: '^w-[A-Za-z0-9_-]{10,40}$' } } } as const
  app.post('/auth/web-tickets', { config: { rateLimit: SIGN_IN_LIMIT } }, async (request, reply) => reply.code(201).send(await createWebTicket(deps, request.ip, String(request.headers['user-agent'] ?? ''))))
  app.get<{ Params: { ticketId: string } }>('/auth/web-tickets/:ticketId', { schema: { params: ticketParams } }, async (request) => pollWebTicket(deps, request.params.ticketId))
  app.get<{ Params: { ticketId: string } }>('/auth/web-tickets/:ticketId/details', { schema: { params: ticketParams } }, async (request) => {
    await requireRole(deps, request, ALL_ROLES)
    return describeWebTicket(deps, request.params.ticketId)
  })
  app.post<{ Params: { ticketId: string } }>('/auth/web-tickets/:ticketId/approve', { schema: { params: ticketParams } }, async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    return approveWebTicket(deps, user, request.params.ticketId, request.ip)
  })

  /** Ends the caller's own session. */
  app.post('/auth/logout', async (request) => {
    const user = await requireRole(deps, request, ALL_ROLES)
    const token = tokenOf(request)
    if (token) await signOut(deps, user, token, request.ip)
    return { ok: true }
  })
}
