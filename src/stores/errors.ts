import { ApiError } from '../api/transport'

/** The Chinese message to show for a failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return '操作失败，请稍后重试'
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'UNAUTHENTICATED'
}

/** What the user is told when a picked screenshot cannot be kept: the platform's own Chinese message, a full file store, or to pick again. */
export function keepError(e: unknown): string {
  const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'errMsg' in e ? String((e as { errMsg: unknown }).errMsg) : ''
  if (/storage limit|maximum size|exceeded/i.test(message)) return '手机中为本程序保存的文件已满（200 MB）：请先联网同步已完成的检查，再添加截图'
  if (/[\u4e00-\u9fff]/.test(message)) return message
  return '截图保存失败，请重新选择'
}
