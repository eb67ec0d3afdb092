import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps'
import { ALL_ROLES, requireRole, tokenOf } from '../auth/session'
import { secretHash } from '../auth/secrets'
import { checkEvidence, readEvidence, uploadEvidence } from '../services/evidence'
import { MAX_EVIDENCE_BYTES } from '../storage/images'
import { AppError, badRequest } from '../errors'
import { readMultipart } from './multipart'

const SHA256 = /^[0-9a-f]{64}$/
/** Uploads one session may have in flight at once (the app's outbox sends up to 10). */
export const MAX_UPLOADS_PER_SESSION = 10
/**
 * What the upload limits count by: the session — its token as the server reads it, hashed — so
 * that spaces after `Bearer` or around the token make no new bucket; without a token, the address.
 */
export function sessionKey(request: FastifyRequest): string {
  const token = tokenOf(request)
  return token ? `s:${secretHash(token)}` : `ip:${request.ip}`
}
/** Per session (else per address): a day's sync of 50 inspections × 9 screenshots still fits in a few minutes. */
const UPLOAD_LIMIT = { max: 300, timeWindow: '1 minute', keyGenerator: sessionKey }

/** The upload body: multipart (field "file", as Taro.uploadFile sends it) or the raw image bytes (Cloud Hosting). */
async function uploadedBytes(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    return readMultipart(async () => {
      const file = await request.file({ limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1 } })
      if (!file) throw badRequest('EVIDENCE_EMPTY', '没有收到截图文件')
      return file.toBuffer()
    })
  }
  if (Buffer.isBuffer(request.body)) return request.body
  throw new AppError(415, 'EVIDENCE_TYPE_UNSUPPORTED', '只能上传 JPEG、PNG 或 WebP 格式的图片')
}

export async function evidenceRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES },
    (_request, body, done) => done(null, body)
  )

  const UPLOADERS = ['inspector', 'liaison', 'admin'] as const
  // Uploads in flight per session: the app sends at most 10 at once (WeChat's limit on parallel
  // uploadFile calls); an 11th is refused at its headers (429, retried), so that one token cannot
  // hold the server's memory with bodies waiting for a decode.
  const inFlight = new Map<string, number>()
  const uploading = new WeakSet<FastifyRequest>()
  const released = new WeakSet<FastifyRequest>()
  const release = async (request: FastifyRequest) => {
    const key = sessionKey(request)
    if (released.has(request) || !uploading.has(request)) return
    released.add(request)
    const n = (inFlight.get(key) ?? 1) - 1
    if (n <= 0) inFlight.delete(key)
    else inFlight.set(key, n)
  }
  // The caller is checked before the body is read (onRequest runs before parsing): an anonymous
  // 10 MB upload is refused at its headers, not after its bytes.
  const admit = async (request: FastifyRequest) => {
    await requireRole(deps, request, UPLOADERS)
    const key = sessionKey(request)
    const n = inFlight.get(key) ?? 0
    if (n >= MAX_UPLOADS_PER_SESSION) throw new AppError(429, 'RATE_LIMITED', '同时上传的截图过多，请稍后重试')
    inFlight.set(key, n + 1)
    uploading.add(request)
  }
  app.post('/evidence', { config: { rateLimit: UPLOAD_LIMIT }, onRequest: admit, onResponse: release, onRequestAbort: release }, async (request, reply) => {
    const user = await requireRole(deps, request, UPLOADERS)
    const receipt = await uploadEvidence(deps, user, await uploadedBytes(request))
    // Read its text later, off the request path (when the optional OCR is installed).
    deps.ocr?.enqueue(receipt.sha256)
    return reply.code(receipt.created ? 201 : 200).send(receipt)
  })

  /** Which of these screenshots the server already holds: an interrupted batch resumes where it stopped. */
  app.post<{ Body: { digests: string[] } }>(
    '/evidence/check',
    {
      schema: {
        body: {
          type: 'object',
          required: ['digests'],
          additionalProperties: false,
          properties: { digests: { type: 'array', maxItems: 200, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } } }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['inspector', 'liaison', 'admin'])
      return checkEvidence(deps, user, request.body.digests)
    }
  )

  const serve = (variant: 'original' | 'thumb') =>
    async (request: FastifyRequest<{ Params: { sha256: string } }>, reply: import('fastify').FastifyReply) => {
      const user = await requireRole(deps, request, ALL_ROLES)
      if (!SHA256.test(request.params.sha256)) throw badRequest('EVIDENCE_ID_INVALID', '截图编号格式不正确')
      const file = await readEvidence(deps, user, request.params.sha256, variant)
      return reply.header('content-type', file.mime).header('cache-control', 'private, max-age=31536000, immutable').send(file.bytes)
    }

  app.get<{ Params: { sha256: string } }>('/evidence/:sha256', serve('original'))
  app.get<{ Params: { sha256: string } }>('/evidence/:sha256/thumb', serve('thumb'))
}
