import Taro from '@tarojs/taro'
import { queryString, type Transport, type TransportResponse } from './transport'

/** HTTPS transport over Taro.request / Taro.uploadFile; `base` is '' on H5 (same origin). */
export function createTaroTransport(base: string): Transport {
  const url = (path: string) => `${base}/api/v1${path}`
  return {
    async request(req): Promise<TransportResponse> {
      const res = await Taro.request({
        url: url(req.path) + queryString(req.query),
        method: req.method,
        data: req.body as Record<string, unknown> | undefined,
        header: {
          'content-type': 'application/json',
          ...(req.token ? { authorization: `Bearer ${req.token}` } : {})
        },
        timeout: 20000
      })
      return { status: res.statusCode, data: res.data }
    },
    async upload(path, filePath, token): Promise<TransportResponse> {
      const res = await Taro.uploadFile({
        url: url(path),
        filePath,
        name: 'file',
        header: token ? { authorization: `Bearer ${token}` } : {},
        timeout: 60000
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
      return url(path) + queryString({ access_token: token })
    }
  }
}
