import { PLATFORM_LABELS, type IssueStatus, type Platform } from '../core'

/** Short platform names for tags: the 59 "other" accounts say which platform in platformRef. */
export function platformLabel(platform: Platform, platformRef?: string): string {
  if (platform === 'other' && platformRef) {
    const named = platformRef.split('：')[0]
    if (named && named !== platformRef) return named
  }
  return platform === 'wechat' ? '公众号' : platform === 'app' ? '客户端' : PLATFORM_LABELS[platform]
}

/** Tag colour per issue status (classes in app.scss). */
export const ISSUE_STATUS_TAG: Record<IssueStatus, string> = { open: 'tag-warn', returned: 'tag-fail', submitted: 'tag-info', verified: 'tag-pass' }
