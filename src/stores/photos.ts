import type { LocalFiles } from '../platform/files'
import { MAX_PHOTOS_PER_ITEM, type DraftPhoto } from './inspection'

/**
 * Keeps picked screenshots (copies them out of temp storage) for a form that holds up to
 * MAX_PHOTOS_PER_ITEM: the same image twice, or one over the limit, is dropped and its copy removed.
 * Answers whether every picked file could be kept.
 */
export async function keepPhotos(files: LocalFiles, paths: string[], current: () => DraftPhoto[], add: (photo: DraftPhoto) => void): Promise<boolean> {
  let ok = true
  for (const path of paths) {
    try {
      const kept = await files.keep(path)
      const photos = current()
      const twin = photos.find((p) => p.sha256 === kept.sha256)
      if (twin || photos.length >= MAX_PHOTOS_PER_ITEM) {
        if (twin?.ref !== kept.ref) await files.remove(kept.ref)
      } else add({ path, ...kept })
    } catch {
      ok = false
    }
  }
  return ok
}
