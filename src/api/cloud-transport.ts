import { queryString, type Transport, type TransportResponse } from './transport'

/**
 * WeChat Cloud Hosting transport over wx.cloud.callContainer. Limits: request bodies about
 * 100 KiB of text or 20 MiB binary, responses 1000 KiB; screenshots go as the raw image body
 * (the server accepts it as well as multipart). The platform passes the identity header
 * X-WX-OPENID itself; the session token travels as on HTTPS.
 */
export interface CallContainer {
  (options: {
    config: { env: string }
    path: string
    method: 'GET' | 'POST' | 'PUT' | 'DELETE'
    header: Record<string, string>
    data?: unknown
    timeout?: number
  }): Promise<{ statusCode: number; data: unknown }>
}

export const MAX_TEXT_BODY = 100 * 1024

export function createCloudTransport(options: { env: string; service: string; callContainer: CallContainer; fileBase: string }): Transport {
  const headers = (token: string | null, contentType: string) => ({
    'X-WX-SERVICE': options.service,
    'content-type': contentType,
    ...(token ? { authorization: `Bearer ${token}` } : {})
  })
  return {
    async request(req): Promise<TransportResponse> {
      const body = req.body === undefined ? undefined : JSON.stringify(req.body)
      if (body && body.length > MAX_TEXT_BODY) throw new Error('request body over the Cloud Hosting limit')
      const res = await options.callContainer({
        config: { env: options.env },
        path: `/api/v1${req.path}${queryString(req.query)}`,
        method: req.method,
        header: headers(req.token ?? null, 'application/json'),
        data: body,
        timeout: 20000
      })
      return { status: res.statusCode, data: typeof res.data === 'string' && res.data.startsWith('{') ? JSON.parse(res.data) : res.data }
    },
    async upload(path, file, token, fields): Promise<TransportResponse> {
      const bytes = await file.bytes()
      if (!bytes) throw new Error('file gone')
      const res = await options.callContainer({
        config: { env: options.env },
        path: `/api/v1${path}${queryString(fields)}`,
        method: 'POST',
        header: headers(token, 'application/octet-stream'),
        data: bytes,
        timeout: 60000
      })
      return { status: res.statusCode, data: typeof res.data === 'string' && res.data.startsWith('{') ? JSON.parse(res.data) : res.data }
    },
    fileUrl(path, token) {
      const [p, q] = path.split('?')
      return `${options.fileBase}/api/v1${p ?? path}${q ? `?${q}&` : '?'}${queryString({ access_token: token }).slice(1)}`
    }
  }
}
