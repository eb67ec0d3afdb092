/**
 * The one error type of the API. `code` is stable (clients and tests rely on it);
 * `message` is Chinese text a user understands. Translated to JSON in app.ts only.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** What went wrong underneath, for the server's log only (never sent to the client). */
    cause?: unknown
  ) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'AppError'
  }
}

export const unauthorized = () => new AppError(401, 'UNAUTHENTICATED', '请先登录')
export const forbidden = (message = '您没有权限进行此操作') => new AppError(403, 'FORBIDDEN', message)
export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what}不存在`)
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
