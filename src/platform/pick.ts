import Taro from '@tarojs/taro'

/**
 * Lets the user take or pick screenshots (camera or album). Cancelling gives an empty list. When
 * WeChat may not use the camera or the album the picker fails at once, and the user is told why
 * instead of a dead tap: 「摄像头」 refused in the mini-program's settings (`auth deny`, 「授权」) —
 * the settings page is offered; the privacy notice refused (`privacy permission is not authorized`,
 * 「用户隐私保护指引」) — WeChat shows it again on the next try; the phone denies WeChat itself
 * (`system permission denied`) — only the phone's settings can change it.
 */
export async function pickScreenshots(count: number): Promise<string[]> {
  try {
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
    return res.tempFilePaths
  } catch (error) {
    const message = String((error as { errMsg?: string } | null)?.errMsg ?? error)
    if (/cancel/i.test(message)) return []
    await explainRefusal(message)
    return []
  }
}

/** What the user is told when the picker cannot open: the cause and where to change it. */
export function refusalText(message: string): { content: string; settings: boolean } {
  if (/system permission/i.test(message)) {
    return { content: '手机未允许微信使用相机或照片。请在手机「设置 → 微信」中打开相机和照片权限后再添加截图。', settings: false }
  }
  if (/privacy/i.test(message)) {
    return { content: '添加截图需要您同意本程序的隐私保护指引。请再点一次添加截图，在弹出的说明中选择「同意」。', settings: false }
  }
  if (/auth den|scope/i.test(message)) {
    return { content: '未获得相机或相册的使用权限，无法添加截图。可在设置中允许使用摄像头后重试，或从相册选择。', settings: true }
  }
  return { content: `无法打开相机或相册（${message.replace(/^[a-zA-Z]+:fail\s*/, '') || '未知原因'}），请稍后重试。`, settings: false }
}

async function explainRefusal(message: string): Promise<void> {
  const { content, settings } = refusalText(message)
  const { confirm } = await Taro.showModal({
    title: '无法添加截图',
    content,
    confirmText: settings ? '去设置' : '知道了',
    showCancel: settings,
    cancelText: '取消'
  })
  if (confirm && settings) await Taro.openSetting().catch(() => undefined)
}
