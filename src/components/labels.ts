import { PLATFORM_LABELS, type Platform } from '../core'

/** Short platform names for tags: the 59 "other" accounts say which platform in platformRef. */
export function platformLabel(platform: Platform, platformRef?: string): string {
  if (platform === 'other' && platformRef) {
    const named = platformRef.split('：')[0]
    if (named && named !== platformRef) return named
  }
  return platform === 'wechat' ? '公众号' : platform === 'app' ? '客户端' : PLATFORM_LABELS[platform]
}
