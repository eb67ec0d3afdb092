import Taro from '@tarojs/taro'
import { createHttpsTransport, type TaroHttp } from './https-transport'
import type { Transport } from './transport'

const taroHttp: TaroHttp = {
  request: (o) => Taro.request({ ...o, data: o.data as Record<string, unknown> | undefined }) as unknown as Promise<{ statusCode: number; data: unknown }>,
  uploadFile: (o) => Taro.uploadFile(o) as unknown as Promise<{ statusCode: number; data: string }>
}

/** HTTPS over the real Taro.request / Taro.uploadFile; `base` is '' on H5 (same origin). */
export function createTaroTransport(base: string): Transport {
  return createHttpsTransport(base, taroHttp)
}
