import Taro from '@tarojs/taro'
import type { LocalFiles } from './files'
import { h5Files } from './files-h5'
import { weappFiles } from './files-weapp'

/** The platform's file adapter, chosen by the build target (TARO_ENV is replaced at build time). */
export function platformFiles(): LocalFiles {
  return process.env.TARO_ENV === 'h5' ? h5Files() : weappFiles()
}

/**
 * The code WeChat sign-in starts from: `wx.login` on weapp; null on WeChat Cloud Hosting, where the
 * platform tells the server who is calling. H5 has no WeChat identity: it signs in by QR code.
 */
export async function wechatCode(): Promise<string | null> {
  if (process.env.TARO_ENV !== 'weapp') throw new Error('微信登录只能在小程序中使用')
  if (API_TRANSPORT === 'cloud') return null
  const { code } = await Taro.login()
  return code
}

/** A phone (the mini-program, or a phone's browser) rather than a desk: words like 「电脑上的」 depend on it. */
export function onPhone(): boolean {
  if (process.env.TARO_ENV === 'weapp') return true
  if (typeof navigator === 'undefined') return false
  return /Mobi|Android|iPhone|iPad|HarmonyOS|MicroMessenger/i.test(navigator.userAgent) || (typeof window !== 'undefined' && window.innerWidth < 600)
}

/**
 * Scans a QR code of ours with WeChat's scanner and opens the page it leads to: `parse` reads the
 * code into a page URL (null: not this kind of code, then `wrong` is said). Cancelling does nothing.
 */
export async function scanInto(parse: (text: string) => string | null, wrong: string, onlyFromCamera = true): Promise<void> {
  let text: string
  try {
    text = (await Taro.scanCode({ onlyFromCamera, scanType: ['qrCode'] })).result
  } catch {
    return // cancelled
  }
  const url = parse(text)
  if (url) void Taro.navigateTo({ url })
  else void Taro.showToast({ title: wrong, icon: 'none' })
}
