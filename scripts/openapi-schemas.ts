import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createGenerator } from 'ts-json-schema-generator'

/**
 * Turns server/openapi/responses.ts (what each route answers, as TypeScript types) into JSON
 * Schemas: server/openapi/responses.schema.json, read by the server for its OpenAPI document.
 * `npm run -s openapi:schemas` writes it; `--check` exits 1 when the file is stale (the test runs it).
 */
const ROOT = resolve(__dirname, '..')
const OUT = resolve(ROOT, 'server/openapi/responses.schema.json')

/** A component name OpenAPI accepts: `Page<Round>` → `Page_Round`. */
const nameOf = (raw: string) => decodeURIComponent(raw).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+$/, '')

/** Every `#/definitions/X` reference becomes `X#`, how Fastify refers to a schema added with addSchema. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = k === '$ref' && typeof v === 'string' ? `${nameOf(v.replace('#/definitions/', ''))}#` : relink(v)
    return out
  }
  return value
}

export function generateResponseSchemas(): string {
  const schema = createGenerator({
    path: resolve(ROOT, 'server/openapi/responses.ts'),
    tsconfig: resolve(ROOT, 'server/tsconfig.json'),
    type: 'Responses',
    expose: 'export',
    topRef: false,
    jsDoc: 'basic',
    skipTypeCheck: true,
    additionalProperties: true
  }).createSchema('Responses') as { properties: Record<string, { properties: Record<string, Record<string, unknown>> }>; definitions: Record<string, unknown> }
  const definitions: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(schema.definitions)) definitions[nameOf(name)] = relink(def)
  const routes: Record<string, Record<string, unknown>> = {}
  for (const [route, byStatus] of Object.entries(schema.properties)) {
    routes[route] = {}
    for (const [status, s] of Object.entries(byStatus.properties)) {
      // A plain string answer is a file: a download or an image.
      routes[route][status] = s.type === 'string' && Object.keys(s).length === 1 ? { type: 'string', format: 'binary' } : relink(s)
    }
  }
  return JSON.stringify({ definitions, routes }, null, 2) + '\n'
}

if (require.main === module) {
  const text = generateResponseSchemas()
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error('server/openapi/responses.schema.json is stale: run npm run -s openapi:schemas')
      process.exit(1)
    }
  } else {
    writeFileSync(OUT, text)
    console.log(`wrote ${OUT}`)
  }
}
