import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import type { Actor } from '../audit/log'
import { requireRole, type SessionUser } from '../auth/session'
import { readMultipart } from './multipart'
import { AppError, badRequest } from '../errors'
import { XLSX_MIME } from '../services/export'
import { commitImport, dryRunImport, errorWorkbook, getImport } from '../services/registry-import'
import { changeAccount, exportRegistry, registryAccount, registryTree, searchRegistry } from '../services/registry'
import { oneOf, paged, paging, text } from './paging'

/** A registry sheet: 10,000 accounts fit in well under this. */
export const MAX_REGISTRY_FILE_BYTES = 10 * 1024 * 1024

const actorOf = (user: SessionUser, request: FastifyRequest): Actor => ({ id: user.id, name: user.name, ip: request.ip })

/**
 * The upload: multipart (the file in field "file"; before or after it the optional "mapping",
 * "values", "merges" and "filename"), or the raw file as the body with `?filename=&mapping=&values=&merges=`
 * (WeChat Cloud Hosting).
 */
async function importBody(request: FastifyRequest): Promise<{ filename: string; bytes: Buffer; mapping: string | undefined; values: string | undefined; merges: string | undefined }> {
  if (Buffer.isBuffer(request.body)) {
    if (request.body.length === 0) throw badRequest('FILE_MISSING', '没有收到表格文件')
    const query = request.query as Record<string, unknown>
    const field = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined)
    return { filename: field('filename')?.slice(0, 200) || 'registry.xlsx', bytes: request.body, mapping: field('mapping'), values: field('values'), merges: field('merges') }
  }
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以表单方式上传 .xlsx 或 .csv 文件')
  const { file, mapping, filename, values, merges } = await readMultipart(async () => {
    let file: { filename: string; bytes: Buffer } | null = null
    let mapping: string | undefined
    let filename: string | undefined
    let values: string | undefined
    let merges: string | undefined
    for await (const part of request.parts({ limits: { fileSize: MAX_REGISTRY_FILE_BYTES, files: 1, fields: 6, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          await part.toBuffer()
          continue
        }
        const bytes = await part.toBuffer()
        if (part.file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '文件超过 10 MB，请分批导入')
        file = { filename: part.filename || 'registry.xlsx', bytes }
      } else if (part.fieldname === 'mapping') {
        mapping = String(part.value)
      } else if (part.fieldname === 'filename') {
        filename = String(part.value).slice(0, 200)
      } else if (part.fieldname === 'values') {
        values = String(part.value)
      } else if (part.fieldname === 'merges') {
        merges = String(part.value)
      }
    }
    return { file, mapping, filename, values, merges }
  })
  if (!file || file.bytes.length === 0) throw badRequest('FILE_MISSING', '没有收到表格文件')
  return { ...file, filename: filename || file.filename, mapping, values, merges }
}

export async function registryRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.addContentTypeParser(
    ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel'],
    { parseAs: 'buffer', bodyLimit: MAX_REGISTRY_FILE_BYTES },
    (_request, body, done) => done(null, body)
  )

  /** The dry run: reads the sheet, answers the mapping, the errors and what would change. Writes nothing to the registry. */
  // The caller is checked before the sheet is read (onRequest runs before parsing).
  app.post('/registry/imports', { onRequest: async (request) => void (await requireRole(deps, request, ['admin'])) }, async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    const body = await importBody(request)
    return reply.code(201).send(await dryRunImport(deps, user, { filename: body.filename, bytes: body.bytes }, body.mapping, { values: body.values, merges: body.merges }))
  })

  app.get<{ Params: { importId: string } }>('/registry/imports/:importId', async (request) => {
    const user = await requireRole(deps, request, ['admin'])
    return getImport(deps, user, request.params.importId)
  })

  app.post<{ Params: { importId: string }; Body: { closeMissing?: boolean } | undefined }>(
    '/registry/imports/:importId/commit',
    { schema: { body: { type: ['object', 'null'], additionalProperties: false, properties: { closeMissing: { type: 'boolean' } } } } },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return commitImport(deps, user, actorOf(user, request), request.params.importId, { closeMissing: request.body?.closeMissing === true })
    }
  )

  /** The rows with errors, with a reason column, to fix and import again. */
  app.get<{ Params: { importId: string } }>('/registry/imports/:importId/errors.xlsx', async (request, reply) => {
    const user = await requireRole(deps, request, ['admin'])
    const file = await errorWorkbook(deps, user, request.params.importId)
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="errors.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes)
  })

  /** The department tree within the caller's scope, with each unit's accounts by status (its own, and with its sub-units). */
  app.get('/registry/departments', async (request) => {
    const user = await requireRole(deps, request, ['admin', 'leader'])
    return registryTree(deps, user)
  })

  /** Accounts by name, unit, pinyin initials (「wxcg」) or abbreviation (「卫健」), within the caller's scope. */
  app.get('/registry/accounts', async (request) => {
    const user = await requireRole(deps, request, ['admin', 'leader'])
    const p = paging(request.query)
    const result = await searchRegistry(deps, user, {
      q: text(request.query, 'q'),
      departmentId: text(request.query, 'departmentId', 64),
      status: oneOf(request.query, 'status', ['active', 'suspended', 'closed'] as const),
      platform: oneOf(request.query, 'platform', ['wechat', 'weibo', 'app', 'other'] as const),
      findings: oneOf(request.query, 'findings', ['1'] as const) === '1',
      offset: p.offset,
      limit: p.limit
    })
    return paged(p, result)
  })

  app.get<{ Params: { accountId: string } }>('/registry/accounts/:accountId', async (request) => {
    const user = await requireRole(deps, request, ['admin', 'leader'])
    return registryAccount(deps, user, request.params.accountId)
  })

  /** A rename or a lifecycle step (停更 with its notice date, 注销, back to 运行), dated and audited. */
  app.post<{ Params: { accountId: string }; Body: { name?: string; status?: 'active' | 'suspended' | 'closed'; date?: string } }>(
    '/registry/accounts/:accountId',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, status: { type: 'string', enum: ['active', 'suspended', 'closed'] }, date: { type: 'string', maxLength: 10 } }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['admin'])
      return changeAccount(deps, user, actorOf(user, request), request.params.accountId, request.body)
    }
  )

  /** The registry within the caller's scope as .xlsx, in the layout the import reads. */
  app.get('/registry/export.xlsx', async (request, reply) => {
    const user = await requireRole(deps, request, ['admin', 'leader'])
    const file = await exportRegistry(deps, user, actorOf(user, request))
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', `attachment; filename="registry.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes)
  })
}
