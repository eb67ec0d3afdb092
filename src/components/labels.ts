import { PLATFORM_LABELS, type IssueStatus, type Platform } from '../core'

/**
 * Short platform names for tags: the name the server gives (抖音, 今日头条, the office's own word),
 * shortened where the national name is long; a record from before names was sent falls back to the group.
 */
export function platformLabel(a: { platform: Platform; platformName?: string }): string {
  const name = a.platformName || PLATFORM_LABELS[a.platform]
  return name === '微信公众号' ? '公众号' : name === '移动客户端' ? '客户端' : name
}

/** Tag colour per issue status (classes in app.scss). */
export const ISSUE_STATUS_TAG: Record<IssueStatus, string> = { open: 'tag-warn', returned: 'tag-fail', submitted: 'tag-info', verified: 'tag-pass' }
