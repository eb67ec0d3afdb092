import { createCloudTransport, type CallContainer } from './cloud-transport'
import { createTaroTransport } from './taro-transport'
import type { Transport } from './transport'

declare const wx: { cloud?: { init(options: { env: string }): void; callContainer: CallContainer } }

/**
 * The transport this build uses, chosen at build time: API_TRANSPORT=cloud (weapp only) calls
 * WeChat Cloud Hosting through wx.cloud.callContainer; anything else uses HTTPS to API_BASE.
 */
export function buildTransport(): Transport {
  if (API_TRANSPORT === 'cloud' && process.env.TARO_ENV === 'weapp' && typeof wx !== 'undefined' && wx.cloud) {
    const cloud = wx.cloud
    cloud.init({ env: CLOUD_ENV })
    return createCloudTransport({
      env: CLOUD_ENV,
      service: CLOUD_SERVICE,
      callContainer: (options) => cloud.callContainer(options),
      fileBase: API_BASE
    })
  }
  return createTaroTransport(API_BASE)
}
