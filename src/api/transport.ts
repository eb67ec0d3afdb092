/**
 * How the app talks to the server. One interface, chosen at build time:
 * HTTPS through Taro.request/uploadFile (self-hosted, and H5), or WeChat Cloud Hosting
 * (wx.cloud.callContainer, a later issue). Pages never use a transport directly.
 */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  query?: Record<string, string | number | null | undefined>
  body?: unknown
  token?: string | null
}

export interface TransportResponse {
  status: number
  data: unknown
}

/** A file to upload: its local path (multipart uploads) and its bytes (raw-body uploads). */
export interface UploadSource {
  path: string
  bytes(): Promise<ArrayBuffer | null>
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>
  /**
   * Uploads one file: multipart field "file" (after the text `fields`) over HTTPS; the raw bytes
   * over Cloud Hosting, with the fields in the query string.
   */
  upload(path: string, file: UploadSource, token: string | null, fields?: Record<string, string>): Promise<TransportResponse>
  /** A URL an <Image> can show for an authenticated GET. */
  fileUrl(path: string, token: string | null): string
}

/** A failure the UI can show: `code` is the server's stable code, or NETWORK for no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'ApiError'
  }

  get retryable(): boolean {
    return this.code === 'NETWORK' || this.status >= 500
  }
}

export function queryString(query: TransportRequest['query']): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}
