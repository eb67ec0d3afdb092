import type { LocalFiles } from '../platform/files'
import { MAX_PHOTOS_PER_ITEM, type DraftPhoto } from './inspection'
import { keepError } from './errors'

/**
 * Keeps picked screenshots (copies them out of temp storage) for a form that holds up to
 * MAX_PHOTOS_PER_ITEM: the same image twice, or one over the limit, is dropped and its copy removed.
 * Answers null when every picked file was kept, else what to tell the user.
 */
export async function keepPhotos(files: LocalFiles, paths: string[], current: () => DraftPhoto[], add: (photo: DraftPhoto) => void): Promise<string | null> {
  let failed: string | null = null
  for (const path of paths) {
    try {
      const kept = await files.keep(path)
      const photos = current()
      const twin = photos.find((p) => p.sha256 === kept.sha256)
      if (twin || photos.length >= MAX_PHOTOS_PER_ITEM) {
        if (twin?.ref !== kept.ref) await files.remove(kept.ref)
      } else add({ path, ...kept })
    } catch (e) {
      failed = keepError(e)
    }
  }
  return failed
}

/** A form's picked screenshots with its counter of those still being kept, and its error line. */
export interface PhotoForm {
  photos: DraftPhoto[]
  keeping: number
  error: string | null
}

/** Keeps picked screenshots into a form's state (see keepPhotos), counting them while they are kept. */
export async function addPhotosTo(files: LocalFiles, paths: string[], get: () => PhotoForm, set: (update: (s: PhotoForm) => Partial<PhotoForm>) => void): Promise<void> {
  set((s) => ({ keeping: s.keeping + paths.length, error: null }))
  const failed = await keepPhotos(files, paths, () => get().photos, (photo) => set((s) => ({ photos: [...s.photos, photo] })))
  set((s) => ({ keeping: s.keeping - paths.length, ...(failed ? { error: failed } : {}) }))
}
