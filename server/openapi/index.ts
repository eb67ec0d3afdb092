import type { FastifyInstance, RouteOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import generated from './responses.schema.json'

/**
 * The OpenAPI document: request schemas come from the routes (bodies; path parameters are added
 * here when a route does not declare them), response schemas from responses.ts (generated into
 * responses.schema.json by `npm run -s openapi:schemas`). `/api/docs` serves the reference UI and
 * `/api/docs/json` the document. Responses are still written with JSON.stringify, as before the
 * schemas: they document and are tested (test/server/openapi.test.ts, the authorization matrix),
 * they do not filter.
 */
const RESPONSES = generated.routes as Record<string, Record<string, unknown>>
const DEFINITIONS = generated.definitions as Record<string, Record<string, unknown>>

/** The response schemas of `METHOD /api/v1/…`, by status; undefined for a route responses.ts does not know. */
export function responseSchemas(method: string, url: string): Record<string, unknown> | undefined {
  return RESPONSES[`${method} ${url}`]
}

/** Every shared type (`Round`, `Page_Person` …) by name, as `Name#` references resolve them. */
export function sharedSchemas(): Record<string, Record<string, unknown>> {
  return DEFINITIONS
}

const ERROR = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
  required: ['error']
}

/** Routes whose body is a file, not JSON: described in words, parsed by their own content-type parsers. */
export const UPLOAD_ROUTES: Record<string, string> = {
  'POST /api/v1/evidence': '一张截图：multipart/form-data（字段 file，与 wx.uploadFile 相同），或请求体即图片（image/jpeg、image/png、image/webp，微信云托管）。',
  'POST /api/v1/people/imports': '人员表格：multipart/form-data（字段 file；.xlsx、.xls、.et 或 .csv，表头含「姓名」「单位」，可选「手机号」「角色」），或 JSON `{"source":"registry"}`：按账号台账的运维人员和联系电话生成各单位联络员。',
  'POST /api/v1/registry/imports': '账号台账文件：multipart/form-data（字段 file；可选字段 mapping、values、merges 为 JSON），或请求体即文件（?filename=&mapping=&values=&merges=）；.xlsx、.xls、.et 或 .csv（UTF-8 或 GBK），读取每个工作表。'
}

/** A write that takes no body: `{}` or nothing, never anything else. */
const NO_BODY = { type: ['object', 'null'], additionalProperties: false, properties: {} }

/** Fills in what the document needs and the route left out: its path parameters, an empty body, its responses. */
export function describeRoute(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as Record<string, unknown>
  const method = [route.method].flat()[0] as string
  const name = `${method} ${route.url}`
  const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string)
  if (params.length > 0 && !schema.params) {
    schema.params = { type: 'object', properties: Object.fromEntries(params.map((p) => [p, { type: 'string' }])), required: params }
  }
  if (UPLOAD_ROUTES[name]) schema.description = UPLOAD_ROUTES[name]
  else if (['POST', 'PUT', 'PATCH'].includes(method) && !schema.body) schema.body = NO_BODY
  const responses = responseSchemas(method, route.url)
  if (responses && !schema.response) schema.response = { ...responses, '4xx': { $ref: 'ApiError#' }, '5xx': { $ref: 'ApiError#' } }
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema({ $id: 'ApiError', ...ERROR })
  for (const [name, schema] of Object.entries(DEFINITIONS)) app.addSchema({ $id: name, ...schema })
  // The answers as the handlers write them: schemas document, they do not filter or coerce.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '政务新媒体检查 API', version, description: '检查员、联络员、领导和管理员的小程序与网页所用的接口。登录后以 `Authorization: Bearer <token>` 调用；错误统一为 `{"error":{"code","message"}}`。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
}

/**
 * A check of real answers against the documented ones (tests): `check(method, url, status, body)`
 * answers the schema's complaints, or null when the body matches (or the route answers a file).
 */
export function responseChecker(compile: (schemas: Record<string, unknown>[], schema: Record<string, unknown>) => (body: unknown) => string | null) {
  const shared = [{ $id: 'ApiError', ...ERROR }, ...Object.entries(DEFINITIONS).map(([name, s]) => ({ $id: name, ...s }))]
  const cache = new Map<string, (body: unknown) => string | null>()
  return (method: string, url: string, status: number, body: unknown): string | null => {
    const schema = responseSchemas(method, url)?.[String(status)] as Record<string, unknown> | undefined
    if (!schema) return `no schema for ${method} ${url} ${status}`
    if (schema.format === 'binary') return null
    const key = `${method} ${url} ${status}`
    let check = cache.get(key)
    if (!check) cache.set(key, (check = compile(shared, schema)))
    return check(body)
  }
}
