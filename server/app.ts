import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import multipart from '@fastify/multipart'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { Deps } from './deps'
import { AppError } from './errors'
import { redactUrl } from './auth/session'
import { healthRoutes } from './routes/health'
import { authRoutes } from './routes/auth'
import { userRoutes } from './routes/users'
import { setupRoutes } from './routes/setup'
import { onboardingRoutes } from './routes/onboarding'
import { auditRoutes } from './routes/audit'
import { roundRoutes } from './routes/rounds'
import { evidenceRoutes } from './routes/evidence'
import { inspectionRoutes } from './routes/inspections'
import { departmentRoutes } from './routes/departments'
import { issueRoutes } from './routes/issues'
import { registryRoutes } from './routes/registry'
import { catalogRoutes } from './routes/catalogs'
import { circularRoutes } from './routes/circular'
import { practiceRoutes } from './routes/practices'
import { reminderRoutes } from './routes/reminders'
import { evidenceTextRoutes } from './routes/evidence-text'
import { MAX_EVIDENCE_BYTES } from './storage/images'
import { describeRoute, registerOpenApi } from './openapi'
import { version } from '../package.json'

export interface AppOptions {
  deps: Deps
  /** Demo mode: seeded users can log in without WeChat. Never on in production. */
  demo: boolean
  /** Serve the H5 build from this directory at "/" (the demo and browser tests). */
  staticDir?: string | null
  logger?: boolean
  /** WeChat Cloud Hosting: trust the x-wx-openid header the platform injects (TRUST_WX_OPENID_HEADER=1). */
  trustOpenidHeader?: boolean
  /** How long a request may take, body included, before the connection is closed (default 120 s). */
  requestTimeoutMs?: number
  /** Called on the new instance before any route is registered (tests add hooks here). */
  configure?: (app: FastifyInstance) => void
}

export const API_PREFIX = '/api/v1'

/** js/app.b29cc5f3.js, css/app.b29cc5f35eb443c4c047.css (optionally .br/.gz): named by content. */
const HASHED_ASSET = /[\\/](js|css)[\\/][^\\/]+\.[0-9a-f]{8,}\.(js|css)(\.br|\.gz)?$/

/** An API route as registered; `body` says whether it validates a JSON body against a schema. */
export interface ApiRoute {
  method: string
  url: string
  body: boolean
}

const ROUTES = new WeakMap<FastifyInstance, ApiRoute[]>()

/** Every API route the instance registered (the authorization and fuzz tests walk them all). */
export function apiRoutes(app: FastifyInstance): ApiRoute[] {
  return ROUTES.get(app) ?? []
}

/** Whether a parsed request part holds U+0000 in any string, key or value. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return false
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true
  return false
}

/** Sets `additionalProperties: false` on every object schema (with properties) that does not say. */
function strictObjects(schema: unknown, depth = 0): void {
  if (!schema || typeof schema !== 'object' || depth > 16) return
  const s = schema as Record<string, unknown>
  if (s.properties && typeof s.properties === 'object' && s.additionalProperties === undefined) s.additionalProperties = false
  for (const key of ['properties', 'items', 'anyOf', 'oneOf', 'allOf'] as const) {
    const child = s[key]
    if (Array.isArray(child)) for (const c of child) strictObjects(c, depth + 1)
    else if (key === 'properties' && child && typeof child === 'object') for (const c of Object.values(child)) strictObjects(c, depth + 1)
    else strictObjects(child, depth + 1)
  }
}

/** Builds the Fastify instance; main.ts listens, tests call inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Ajv as Fastify sets it up strips unknown keys and coerces types, so `additionalProperties: false`
  // rejected nothing and "1" passed for a number: here a body is taken as sent or refused.
  const logger = options.logger
    ? { serializers: { req: (req: { method: string; url: string; ip?: string; id?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }) } }
    : false
  // A body trickled in slowly is cut off: 10 MB at 1 Mbit/s takes 80 s.
  const app = Fastify({ logger, bodyLimit: 1024 * 1024, requestTimeout: options.requestTimeoutMs ?? 120_000, connectionTimeout: options.requestTimeoutMs ?? 120_000, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // The router's own refusals (a path parameter over 100 characters, broken percent-encoding)
    // in the API's error format, like every other refusal.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400
      void (reply as unknown as FastifyReply).code(status).send({ error: { code: 'BAD_REQUEST', message: '请求地址不正确' } })
    }
  })
  const routes: ApiRoute[] = []
  ROUTES.set(app, routes)
  options.configure?.(app)
  app.addHook('onRoute', (route) => {
    // Every object in a body schema refuses keys it does not name, unless the schema says otherwise.
    if (route.url.startsWith(API_PREFIX)) describeRoute(route)
    if (route.schema?.body) strictObjects(route.schema.body)
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && route.url.startsWith(API_PREFIX)) routes.push({ method, url: route.url, body: !!route.schema?.body })
    }
  })

  // Shutting down (app.close(), on SIGTERM): answers still in flight say `Connection: close`, so
  // their keep-alive sockets end with them and the server can stop once they are answered.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close')
    return payload
  })

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.code)
      return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } })
    }
    const fe = error as FastifyError
    if (fe.validation) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: '提交的内容格式不正确', details: fe.validation.map((v) => `${v.instancePath} ${v.message ?? ''}`.trim()) } })
    }
    if (fe.statusCode === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
      const evidence = request.url.startsWith(`${API_PREFIX}/evidence`)
      return reply.code(413).send({
        error: evidence
          ? { code: 'EVIDENCE_TOO_LARGE', message: `截图不能超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB` }
          : { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' }
      })
    }
    if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' } })
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ error: { code: 'BAD_REQUEST', message: '请求格式不正确' } })
    }
    request.log.error(error)
    return reply.code(500).send({ error: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' } })
  })

  // U+0000 cannot be stored in PostgreSQL text (SQLite would take it): refuse it at the edge, the
  // same on both databases, as a 4xx the phone parks instead of retrying for ever.
  app.addHook('preValidation', async (request) => {
    if (hasNul(request.body) || hasNul(request.params) || hasNul(request.query)) {
      throw new AppError(400, 'INVALID_CHARACTER', '提交的内容含有无法保存的特殊字符（U+0000），请删除后重新提交')
    }
  })

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } }))

  // The headers a maintained plugin sets (nosniff, Referrer-Policy, HSTS, frame options …). No
  // Content-Security-Policy: the H5 build's Taro runtime injects inline styles it would block.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'same-site' } })
  // Limits per route (sign-in, bind, uploads), set in their route's config.rateLimit.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError(429, 'RATE_LIMITED', `操作太频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`)
  })
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5 } })
  await registerOpenApi(app, version)

  await app.register(
    async (api) => {
      const opts = { deps: options.deps }
      await api.register(healthRoutes)
      await api.register(authRoutes, { ...opts, demo: options.demo, trustOpenidHeader: options.trustOpenidHeader ?? false })
      await api.register(userRoutes, opts)
      await api.register(setupRoutes, opts)
      await api.register(onboardingRoutes, { ...opts, trustOpenidHeader: options.trustOpenidHeader ?? false })
      await api.register(auditRoutes, opts)
      await api.register(roundRoutes, opts)
      await api.register(evidenceRoutes, opts)
      await api.register(inspectionRoutes, opts)
      await api.register(departmentRoutes, opts)
      await api.register(issueRoutes, opts)
      await api.register(reminderRoutes, opts)
      await api.register(registryRoutes, opts)
      await api.register(catalogRoutes, opts)
      await api.register(circularRoutes, opts)
      await api.register(practiceRoutes, opts)
      await api.register(evidenceTextRoutes, opts)
    },
    { prefix: API_PREFIX }
  )

  const staticDir = options.staticDir ? resolve(options.staticDir) : null
  if (staticDir && existsSync(staticDir)) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      wildcard: true,
      // The build wrote .br and .gz beside each text asset (scripts/h5-postbuild.ts).
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        // Hashed file names never change content: cache them for a year. The page and the
        // service worker are checked on every load, so a new build reaches phones at once.
        res.setHeader('cache-control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      }
    })
  }
  return app
}
