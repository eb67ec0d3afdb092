import Taro from '@tarojs/taro'
import { JPEG_QUALITY, MAX_LONG_SIDE, sha256Hex, type LocalFiles } from './files'

interface OffscreenImage {
  src: string
  onload: (() => void) | null
  onerror: ((e: unknown) => void) | null
}
interface OffscreenCanvas {
  createImage(): OffscreenImage
  getContext(kind: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void; drawImage(img: OffscreenImage, x: number, y: number, w: number, h: number): void } | null
}
declare const wx: {
  env: { USER_DATA_PATH: string }
  createOffscreenCanvas?: (o: { type: '2d'; width: number; height: number }) => OffscreenCanvas
  canvasToTempFilePath(o: { canvas: OffscreenCanvas; fileType: 'jpg'; quality: number; destWidth: number; destHeight: number; success(res: { tempFilePath: string }): void; fail(e: unknown): void }): void
}

/** The most a kept screenshot may weigh when it cannot be re-encoded (the server takes more; the phone's link should not). */
export const MAX_KEPT_BYTES = 3 * 1024 * 1024

/** An image can be fitted into `MAX_LONG_SIDE` keeping its shape. */
function fitted(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height)
  if (long <= MAX_LONG_SIDE) return { width, height }
  const k = MAX_LONG_SIDE / long
  return { width: Math.round(width * k), height: Math.round(height * k) }
}

/**
 * Redraws a picture as a JPG through an offscreen canvas (base library 2.16.1): on iOS
 * wx.compressImage leaves a PNG as it is (「wx.compressImage」: iOS compresses JPG only), and phone
 * screenshots are PNGs of ~1179×2556.
 */
function redrawAsJpeg(src: string, width: number, height: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (typeof wx.createOffscreenCanvas !== 'function') return reject(new Error('no offscreen canvas'))
    const size = fitted(width, height)
    const canvas = wx.createOffscreenCanvas({ type: '2d', width: size.width, height: size.height })
    const ctx = canvas.getContext('2d')
    if (!ctx) return reject(new Error('no 2d context'))
    const img = canvas.createImage()
    img.onerror = reject
    img.onload = () => {
      // A screenshot may carry transparency: white behind it, as JPG has none.
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, size.width, size.height)
      ctx.drawImage(img, 0, 0, size.width, size.height)
      wx.canvasToTempFilePath({ canvas, fileType: 'jpg', quality: JPEG_QUALITY, destWidth: size.width, destHeight: size.height, success: (res) => resolve(res.tempFilePath), fail: reject })
    }
    img.src = src
  })
}

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
      let path = compressed.tempFilePath
      const after = await Taro.getImageInfo({ src: path })
      if (after.type !== 'jpeg' && after.type !== 'jpg') {
        try {
          path = await redrawAsJpeg(tempPath, info.width, info.height)
        } catch {
          // Kept as it is, if it is not too heavy for the link (below).
        }
      }
      const bytes = readBytes(path)
      if (!bytes) throw new Error('compressed image vanished')
      if (bytes.byteLength > MAX_KEPT_BYTES) throw new Error(`截图过大（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB），无法压缩：请截取较小的画面后重试`)
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
