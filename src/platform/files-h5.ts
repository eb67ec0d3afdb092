import { JPEG_QUALITY, MAX_LONG_SIDE, sha256Hex, type LocalFiles } from './files'

const DB = 'gnm-evidence'
const STORE = 'files'

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode)
    const req = run(t.objectStore(STORE))
    t.oncomplete = () => {
      db.close()
      resolve(req.result)
    }
    t.onerror = () => reject(t.error)
  })
}

/** Re-encode as JPEG with the long side bounded; keep the original when it is already smaller. */
async function compress(blob: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(blob)
  const scale = Math.min(1, MAX_LONG_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY))
  return jpeg && jpeg.size < blob.size ? jpeg : blob
}

/** H5: picked images are blob: URLs that die with the page; keep the bytes in IndexedDB. */
export function h5Files(): LocalFiles {
  const urls = new Map<string, string>()
  const get = (ref: string) => tx<Blob | undefined>('readonly', (s) => s.get(ref) as IDBRequest<Blob | undefined>)
  return {
    async keep(tempPath) {
      const original = await (await fetch(tempPath)).blob()
      const blob = await compress(original).catch(() => original)
      const bytes = await blob.arrayBuffer()
      const digest = sha256Hex(bytes)
      const ref = `idb:${digest}`
      await tx('readwrite', (s) => s.put(new Blob([bytes], { type: blob.type || 'image/jpeg' }), ref))
      return { ref, sha256: digest, size: bytes.byteLength }
    },
    async uploadPath(ref) {
      const existing = urls.get(ref)
      if (existing) return existing
      const blob = await get(ref)
      if (!blob) return null
      const url = URL.createObjectURL(blob)
      urls.set(ref, url)
      return url
    },
    async read(ref) {
      const blob = await get(ref)
      return blob ? blob.arrayBuffer() : null
    },
    async remove(ref) {
      const url = urls.get(ref)
      if (url) URL.revokeObjectURL(url)
      urls.delete(ref)
      await tx('readwrite', (s) => s.delete(ref))
    }
  }
}
