import { queryString, type Transport, type TransportResponse } from './transport'

/** The two Taro calls the HTTPS transport needs (Taro.request, Taro.uploadFile); tests pass a Node shim. */
export interface TaroHttp {
  request(options: {
    url: string
    method: 'GET' | 'POST' | 'PUT' | 'DELETE'
    data?: unknown
    header: Record<string, string>
    timeout: number
  }): Promise<{ statusCode: number; data: unknown }>
  uploadFile(options: { url: string; filePath: string; name: string; header: Record<string, string>; timeout: number; formData?: Record<string, string> }): Promise<{ statusCode: number; data: string }>
}

/** HTTPS transport over Taro.request / Taro.uploadFile (self-hosted server, and H5); `base` is '' on H5. */
export function createHttpsTransport(base: string, http: TaroHttp): Transport {
  const url = (path: string) => `${base}/api/v1${path}`
  return {
    async request(req): Promise<TransportResponse> {
      const res = await http.request({
        url: url(req.path) + queryString(req.query),
        method: req.method,
        data: req.body,
        header: {
          'content-type': 'application/json',
          ...(req.token ? { authorization: `Bearer ${req.token}` } : {})
        },
        timeout: 20000
      })
      return { status: res.statusCode, data: res.data }
    },
    async upload(path, file, token, fields): Promise<TransportResponse> {
      const res = await http.uploadFile({
        url: url(path),
        filePath: file.path,
        name: 'file',
        header: token ? { authorization: `Bearer ${token}` } : {},
        timeout: 60000,
        ...(fields ? { formData: fields } : {})
      })
      let data: unknown = res.data
      try {
        data = JSON.parse(res.data)
      } catch {
        // not JSON: keep the text
      }
      return { status: res.statusCode, data }
    },
    fileUrl(path, token) {
      const [p, q] = path.split('?')
      return url(p ?? path) + (q ? `?${q}&` : '?') + queryString({ access_token: token }).slice(1)
    }
  }
}
