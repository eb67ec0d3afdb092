import type { FastifyError } from 'fastify'
import { AppError, badRequest } from '../errors'

/** Limits a multipart body may hit other than the file's size: too many parts, files or fields. */
const COUNT_LIMITS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT'])

/**
 * Reads a multipart body with `read`; a body the parser cannot read (no boundary, a boundary
 * over 70 characters, unterminated, too many parts) is the client's fault: 400 MULTIPART_INVALID,
 * not a 500. Our own errors and the file-size limit (413) pass through.
 */
export async function readMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof AppError) throw error
    const code = (error as FastifyError).code
    if (code && COUNT_LIMITS.has(code)) throw badRequest('MULTIPART_INVALID', '上传的表单内容过多，请只上传一个文件')
    if (code === 'FST_REQ_FILE_TOO_LARGE' || (error as FastifyError).statusCode === 413) throw error
    throw badRequest('MULTIPART_INVALID', '上传的内容格式不正确，请重新上传')
  }
}
