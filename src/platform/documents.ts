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

/** A spreadsheet the user picked: a path the transport can upload, its name and size. */
export interface PickedDocument {
  path: string
  name: string
  size: number
  bytes(): Promise<ArrayBuffer | null>
}

/**
 * Lets the user pick an .xlsx or .csv. weapp: from a WeChat chat (`chooseMessageFile`), where
 * offices pass registry exports around; H5: the browser's file dialog. Null when they cancel.
 */
export async function pickSpreadsheet(): Promise<PickedDocument | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await new Promise<File | null>((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
      input.style.display = 'none'
      input.onchange = () => {
        resolve(input.files?.[0] ?? null)
        input.remove()
      }
      input.addEventListener('cancel', () => {
        resolve(null)
        input.remove()
      })
      document.body.appendChild(input)
      input.click()
    })
    if (!file) return null
    return { path: URL.createObjectURL(file), name: file.name, size: file.size, bytes: () => file.arrayBuffer() }
  }
  // Taro 4 does not promisify chooseMessageFile: called the WeChat way, with callbacks.
  type Picked = { tempFiles: { path: string; name: string; size: number }[] }
  const picked = await new Promise<Picked | null>((resolve, reject) => {
    void Taro.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['xlsx', 'csv'],
      success: (res) => resolve(res as unknown as Picked),
      fail: (e) => (/cancel/i.test(String((e as { errMsg?: string }).errMsg ?? '')) ? resolve(null) : reject(new Error((e as { errMsg?: string }).errMsg ?? 'chooseMessageFile failed')))
    })
  })
  if (!picked) return null
  const file = picked.tempFiles[0]
  if (!file) return null
  return {
    path: file.path,
    name: file.name,
    size: file.size,
    bytes: () =>
      new Promise((resolve) => {
        Taro.getFileSystemManager().readFile({ filePath: file.path, success: (r) => resolve(r.data as ArrayBuffer), fail: () => resolve(null) })
      })
  }
}
