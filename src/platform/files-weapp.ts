import Taro from '@tarojs/taro'
import { JPEG_QUALITY, MAX_LONG_SIDE, sha256Hex, type LocalFiles } from './files'

declare const wx: { env: { USER_DATA_PATH: string } }

/** weapp: compress with Taro.compressImage, then move out of the temp directory into USER_DATA_PATH. */
export function weappFiles(): LocalFiles {
  const fs = Taro.getFileSystemManager()
  const dir = `${wx.env.USER_DATA_PATH}/evidence`
  const ensureDir = () => {
    try {
      fs.accessSync(dir)
    } catch {
      fs.mkdirSync(dir, true)
    }
  }
  const readBytes = (path: string): ArrayBuffer | null => {
    try {
      return fs.readFileSync(path) as ArrayBuffer
    } catch {
      return null
    }
  }
  return {
    async keep(tempPath) {
      const info = await Taro.getImageInfo({ src: tempPath })
      const long = Math.max(info.width, info.height)
      const compressed = await Taro.compressImage({
        src: tempPath,
        quality: Math.round(JPEG_QUALITY * 100),
        ...(long > MAX_LONG_SIDE ? (info.width >= info.height ? { compressedWidth: MAX_LONG_SIDE } : { compressedHeight: MAX_LONG_SIDE }) : {})
      } as Taro.compressImage.Option)
      const bytes = readBytes(compressed.tempFilePath)
      if (!bytes) throw new Error('compressed image vanished')
      const digest = sha256Hex(bytes)
      ensureDir()
      // One file per keep (not per digest): two entries holding the same picture never share a file,
      // so deleting one entry's copy after its receipt cannot take the other's.
      const ref = `${dir}/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${digest.slice(0, 16)}.jpg`
      fs.writeFileSync(ref, bytes)
      return { ref, sha256: digest, size: bytes.byteLength }
    },
    uploadPath: async (ref) => (readBytes(ref) ? ref : null),
    read: async (ref) => readBytes(ref),
    async remove(ref) {
      try {
        fs.unlinkSync(ref)
      } catch {
        // already gone
      }
    }
  }
}
