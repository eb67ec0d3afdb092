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
    // After the first screen: installing precaches every chunk (megabytes), which must not compete
    // with the first paint on a slow phone. A page that was already controlled registers at once.
    const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined)
    if (navigator.serviceWorker.controller) register()
    else if (document.readyState === 'complete') setTimeout(register, 1500)
    else window.addEventListener('load', () => setTimeout(register, 1500), { once: true })
  }
  window.addEventListener('unhandledrejection', (event) => {
    if (!isChunkLoadError(event.reason)) return
    event.preventDefault()
    void Taro.showModal({ title: '页面未能打开', content: '网络不可用，这个页面还没有保存到手机上。请联网后再试，已填写的内容不会丢失。', showCancel: false, confirmText: '知道了' })
  })
}

/**
 * H5 only, before the router starts: a browser with no saved session opens the login page
 * directly instead of loading home only to be sent on (one page's script and render fewer before
 * the first useful screen). Links to other pages are left alone: they go through login themselves.
 */
export function openLoginFirst(sessionKey: string): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  // Taro keeps `{"data": <what was set>}`; the session store sets zustand's JSON text.
  let token: unknown = null
  try {
    const kept = JSON.parse(window.localStorage.getItem(sessionKey) ?? 'null') as { data?: unknown } | null
    const state = typeof kept?.data === 'string' ? (JSON.parse(kept.data) as { state?: { token?: unknown } }) : null
    token = state?.state?.token ?? null
  } catch {
    token = null
  }
  if (typeof token === 'string' && token !== '') return
  const hash = window.location.hash
  if (hash === '' || hash === '#' || hash === '#/' || hash.startsWith('#/pages/home/index')) window.history.replaceState(null, '', '#/pages/login/index')
}
