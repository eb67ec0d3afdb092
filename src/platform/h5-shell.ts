import Taro from '@tarojs/taro'

/** A webpack chunk (a page's script or styles) that could not be fetched. */
export function isChunkLoadError(reason: unknown): boolean {
  const e = reason as { name?: string; code?: string; message?: string } | null
  return e?.name === 'ChunkLoadError' || e?.code === 'CSS_CHUNK_LOAD_FAILED' || /Loading (CSS )?chunk \S+ failed/.test(e?.message ?? '')
}

/**
 * H5 only: registers the service worker that keeps the app shell and every page's chunk on the
 * phone (so a page never opened before still opens offline), and turns a chunk that cannot load
 * into a message instead of a tap that does nothing.
 */
export function startH5Shell(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  if (process.env.NODE_ENV === 'production' && 'serviceWorker' in navigator) {
    void navigator.serviceWorker.register('/sw.js').catch(() => undefined)
  }
  window.addEventListener('unhandledrejection', (event) => {
    if (!isChunkLoadError(event.reason)) return
    event.preventDefault()
    void Taro.showModal({ title: '页面未能打开', content: '网络不可用，这个页面还没有保存到手机上。请联网后再试，已填写的内容不会丢失。', showCancel: false, confirmText: '知道了' })
  })
}
