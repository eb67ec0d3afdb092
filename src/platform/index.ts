import type { LocalFiles } from './files'
import { h5Files } from './files-h5'
import { weappFiles } from './files-weapp'

/** The platform's file adapter, chosen by the build target (TARO_ENV is replaced at build time). */
export function platformFiles(): LocalFiles {
  return process.env.TARO_ENV === 'h5' ? h5Files() : weappFiles()
}
