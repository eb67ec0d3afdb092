import Taro from '@tarojs/taro'

/**
 * Opens a generated document (.xlsx, .docx) from a URL. weapp: download, then `openDocument`
 * (WeChat shows it and offers forwarding); H5: the browser downloads it.
 */
export async function openDocument(url: string, fileType: 'xlsx' | 'docx'): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = url
    a.download = ''
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const res = await Taro.downloadFile({ url })
  if (res.statusCode !== 200) throw new Error(`download failed: ${res.statusCode}`)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true })
}
