import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { apiRoutes } from '../../server/app'
import Ajv from 'ajv'
import { responseChecker, UPLOAD_ROUTES } from '../../server/openapi'
import { generateResponseSchemas } from '../../scripts/openapi-schemas'
import { dialects, login, startServer, type TestServer } from './harness'

/** Routes whose body is not JSON (a screenshot, a spreadsheet): described in words. */
const UPLOADS = Object.keys(UPLOAD_ROUTES)

describe('the OpenAPI document', () => {
  it('is generated from responses.ts as committed (npm run -s openapi:schemas)', () => {
    expect(readFileSync(resolve(__dirname, '../../server/openapi/responses.schema.json'), 'utf8')).toBe(generateResponseSchemas())
  }, 60000)
})

describe.each(dialects.slice(0, 1))('the OpenAPI document served on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(() => server.close())

  it('documents every route with its parameters, its body and its success answers', async () => {
    const res = await server.app.inject({ url: '/api/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> }
    expect(doc.openapi).toBe('3.0.3')
    const missing: string[] = []
    const routes = apiRoutes(server.app)
    expect(routes.length).toBeGreaterThan(60)
    for (const r of routes) {
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
      const op = doc.paths[path]?.[r.method.toLowerCase()]
      const name = `${r.method} ${r.url}`
      if (!op) {
        missing.push(`${name}: not in the document`)
        continue
      }
      const params = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])
      for (const p of params) if (!op.parameters?.some((x) => x.in === 'path' && x.name === p)) missing.push(`${name}: parameter ${p}`)
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status))
      if (ok.length === 0 || ok.some(([, v]) => !v.content || !Object.values(v.content).every((c) => c.schema))) missing.push(`${name}: success answer without a schema`)
      if (!op.responses?.['4XX']) missing.push(`${name}: error answer`)
      if (r.body && !op.requestBody) missing.push(`${name}: body schema not documented`)
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !r.body && !UPLOADS.includes(name)) missing.push(`${name}: takes a body without a schema`)
    }
    expect(missing).toEqual([])
  })

  it('has schemas that notice an answer of another shape (the authorization matrix checks every real answer with them)', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false })
    const check = responseChecker((shared, schema) => {
      for (const s of shared) if (!ajv.getSchema(String(s.$id))) ajv.addSchema(s)
      const validate = ajv.compile(schema)
      return (body) => (validate(body) ? null : ajv.errorsText(validate.errors))
    })
    const admin = await login(server.app, 'admin')
    const round = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2', headers: admin })).json()
    expect(check('GET', '/api/v1/rounds/:roundId', 200, round)).toBeNull()
    expect(check('GET', '/api/v1/rounds/:roundId', 200, { ...round, deadline: 20240719 })).toContain('deadline')
    const { checkpoints: _gone, ...without } = round
    expect(check('GET', '/api/v1/rounds/:roundId', 200, without)).toContain('checkpoints')
    expect(check('GET', '/api/v1/rounds/:roundId/circular.docx', 200, 'PK…')).toBeNull()
    expect(check('GET', '/api/v1/nowhere', 200, {})).toBe('no schema for GET /api/v1/nowhere 200')
  })

  it('serves the reference UI at /api/docs', async () => {
    const page = await server.app.inject({ url: '/api/docs/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
  })
})
