import sharp from 'sharp'

/**
 * A fake `wx` for the compiled mini-program, shaped as WeChat's documentation gives the APIs:
 * async calls take `{ success, fail, complete }` and answer `{ errMsg: 'name:ok' }` or
 * `{ errMsg: 'name:fail …' }`. What WeChat does on the device (storage, the file system, the
 * network, pickers, navigation) is simulated here; requests go to a real server.
 */

export const USER_DATA_PATH = 'wxfile://usr'
const TEMP = 'http://tmp'

type Callbacks = { success?: (res: unknown) => void; fail?: (res: unknown) => void; complete?: (res: unknown) => void }
type Options = Callbacks & Record<string, unknown>

/** What the harness provides to the fake: the page stack, the network switch and what the user does. */
export interface WxHost {
  navigate(kind: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack', url: string, delta: number): void
  /** The server that answers requests: the origin in the bundle's URLs is replaced by this one. */
  serverOrigin: string
  online: boolean
  /** Files the next chooseImage/chooseMedia returns (consumed); empty means the user cancels. */
  picks: Buffer[][]
  /** Files the next chooseMessageFile returns (consumed), as if picked from a chat; empty means the user cancels. */
  messageFiles: { name: string; bytes: Buffer }[][]
  /** What the next scanCode calls read (consumed); empty means the user cancels. */
  scans: string[]
  /** Answers for the next showModal calls (true = confirm); empty means confirm. */
  modalAnswers: boolean[]
  toasts: string[]
  modals: { title: string; content: string }[]
  /** Calls made to APIs this fake does not simulate (a test fails on them). */
  unsupported: string[]
  /** Promises the fake started (uploads, image work): the harness waits for them to settle. */
  track<T>(p: Promise<T>): Promise<T>
  schedule(fn: () => void, ms: number): void
  /** Every request the bundle made, as `METHOD path`. */
  requests: string[]
}

export interface FakeFileSystem {
  files: Map<string, Buffer>
  dirs: Set<string>
}

/** Storage and the user data directory survive a kill; temp files do not. */
export interface Device {
  storage: Map<string, string>
  fs: FakeFileSystem
  /** Whose WeChat this phone runs: wx.login answers codes the fake WeChat server maps to `o-<wechatUser>`. */
  wechatUser: string
  /**
   * The mobile number bound to that WeChat: the phone button (open-type getPhoneNumber) answers a
   * code the fake WeChat server turns into it (`phone-<number>`). 「开放能力 / 手机号快速验证组件」.
   */
  phone?: string
}

export function newDevice(wechatUser = `phone${Math.random().toString(36).slice(2, 8)}`): Device {
  return { storage: new Map(), fs: { files: new Map(), dirs: new Set([USER_DATA_PATH]) }, wechatUser }
}

let tempSeq = 0

function errName(name: string, detail: string) {
  return { errMsg: `${name}:fail ${detail}` }
}

export function createFakeWx(host: WxHost, device: Device) {
  const { fs } = device
  const netListeners: ((res: { isConnected: boolean; networkType: string }) => void)[] = []

  /** Runs an async API the WeChat way: callbacks after the current tick, success or fail, then complete. */
  const asyncApi = (name: string, run: (o: Options) => unknown | Promise<unknown>) => (o: Options = {}) => {
    const done = host.track(
      (async () => {
        await new Promise((r) => setImmediate(r))
        try {
          const res = await run(o)
          const answer = { errMsg: `${name}:ok`, ...(res as object) }
          o.success?.(answer)
          o.complete?.(answer)
        } catch (error) {
          const answer = typeof error === 'object' && error && 'errMsg' in error ? error : errName(name, String(error))
          o.fail?.(answer)
          o.complete?.(answer)
        }
      })()
    )
    void done
  }

  const temp = (bytes: Buffer, ext: string) => {
    const path = `${TEMP}/${Date.now().toString(36)}${(++tempSeq).toString(36)}.${ext}`
    fs.files.set(path, bytes)
    return path
  }
  const fileOf = (path: string, api: string) => {
    const bytes = fs.files.get(path)
    if (!bytes) throw errName(api, `no such file or directory, open ${path}`)
    return bytes
  }
  const parent = (path: string) => path.slice(0, path.lastIndexOf('/'))
  const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
  const bytesOf = (data: unknown): Buffer => {
    if (typeof data === 'string') return Buffer.from(data)
    if (data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object ArrayBuffer]') return Buffer.from(new Uint8Array(data as ArrayBuffer))
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    throw new Error('unsupported data')
  }
  const url = (raw: string) => {
    const u = new URL(raw)
    return `${host.serverOrigin}${u.pathname}${u.search}`
  }
  const offline = (api: string) => errName(api, 'net::ERR_INTERNET_DISCONNECTED')

  const fileSystemManager = {
    accessSync(path: string) {
      if (!fs.files.has(path) && !fs.dirs.has(path)) throw new Error(`accessSync:fail no such file or directory, access ${path}`)
    },
    mkdirSync(path: string, recursive?: boolean) {
      if (fs.dirs.has(path)) throw new Error(`mkdirSync:fail file already exists ${path}`)
      if (!recursive && !fs.dirs.has(parent(path))) throw new Error(`mkdirSync:fail no such file or directory ${path}`)
      fs.dirs.add(path)
    },
    readFileSync(path: string, encoding?: string) {
      const bytes = fs.files.get(path)
      if (!bytes) throw new Error(`readFileSync:fail no such file or directory, open ${path}`)
      return encoding ? bytes.toString(encoding as BufferEncoding) : toArrayBuffer(bytes)
    },
    writeFileSync(path: string, data: unknown) {
      if (!path.startsWith(USER_DATA_PATH)) throw new Error(`writeFileSync:fail permission denied, open ${path}`)
      if (!fs.dirs.has(parent(path))) throw new Error(`writeFileSync:fail no such file or directory, open ${path}`)
      fs.files.set(path, bytesOf(data))
    },
    unlinkSync(path: string) {
      if (!fs.files.delete(path)) throw new Error(`unlinkSync:fail no such file or directory, open ${path}`)
    },
    readdirSync(path: string) {
      return [...fs.files.keys()].filter((f) => parent(f) === path).map((f) => f.slice(path.length + 1))
    }
  }

  const systemInfo = {
    brand: 'devtools',
    model: 'iPhone 13',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 844,
    statusBarHeight: 47,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 16.0',
    platform: 'devtools',
    SDKVersion: '3.5.0',
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 }
  }

  const picked = (api: string) => {
    const files = host.picks.shift()
    if (!files || files.length === 0) throw errName(api, 'cancel')
    return files
  }

  const wx: Record<string, unknown> = {
    env: { USER_DATA_PATH },
    getSystemInfoSync: () => ({ ...systemInfo }),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...systemInfo })),
    getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 844, statusBarHeight: 47, safeArea: systemInfo.safeArea }),
    getDeviceInfo: () => ({ brand: 'devtools', model: 'iPhone 13', system: 'iOS 16.0', platform: 'devtools' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.5.0', language: 'zh_CN', version: '8.0.50', theme: 'light' }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    getLaunchOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => host.schedule(fn, 0),

    getStorageSync: (key: string) => {
      const v = device.storage.get(key)
      return v === undefined ? '' : JSON.parse(v)
    },
    setStorageSync: (key: string, data: unknown) => {
      const json = JSON.stringify(data)
      if (json.length > 1024 * 1024) throw new Error('setStorageSync:fail entry size limit reached')
      const total = [...device.storage.entries()].filter(([k]) => k !== key).reduce((n, [k, v]) => n + k.length + v.length, 0)
      if (total + key.length + json.length > 10 * 1024 * 1024) throw new Error('setStorageSync:fail storage limit reached')
      device.storage.set(key, json)
    },
    removeStorageSync: (key: string) => void device.storage.delete(key),
    clearStorageSync: () => device.storage.clear(),
    getStorageInfoSync: () => ({ keys: [...device.storage.keys()], currentSize: Math.ceil([...device.storage.values()].reduce((n, v) => n + v.length, 0) / 1024), limitSize: 10240 }),
    getStorage: asyncApi('getStorage', (o) => {
      const v = device.storage.get(String(o.key))
      if (v === undefined) throw errName('getStorage', 'data not found')
      return { data: JSON.parse(v) }
    }),
    setStorage: asyncApi('setStorage', (o) => void device.storage.set(String(o.key), JSON.stringify(o.data))),
    removeStorage: asyncApi('removeStorage', (o) => void device.storage.delete(String(o.key))),

    request: asyncApi('request', async (o) => {
      const method = String(o.method ?? 'GET').toUpperCase()
      const header = (o.header ?? {}) as Record<string, string>
      let target = url(String(o.url))
      let body: string | undefined
      if (o.data !== undefined && o.data !== null) {
        if (method === 'GET') {
          const q = new URLSearchParams(Object.entries(o.data as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]))
          target += (target.includes('?') ? '&' : '?') + q.toString()
        } else body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
      }
      host.requests.push(`${method} ${new URL(target).pathname}`)
      if (!host.online) throw offline('request')
      const res = await fetch(target, { method, headers: header, body })
      const text = await res.text()
      let data: unknown = text
      if (o.dataType !== 'text') {
        try {
          data = JSON.parse(text)
        } catch {
          // WeChat leaves a body that is not JSON as a string
        }
      }
      return { statusCode: res.status, data, header: Object.fromEntries(res.headers.entries()) }
    }),
    uploadFile: asyncApi('uploadFile', async (o) => {
      const bytes = fileOf(String(o.filePath), 'uploadFile')
      host.requests.push(`UPLOAD ${new URL(url(String(o.url))).pathname}`)
      if (!host.online) throw offline('uploadFile')
      const form = new FormData()
      for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, string>)) form.append(k, v)
      form.append(String(o.name), new Blob([new Uint8Array(bytes)]), String(o.filePath).split('/').pop())
      const res = await fetch(url(String(o.url)), { method: 'POST', headers: (o.header ?? {}) as Record<string, string>, body: form })
      return { statusCode: res.status, data: await res.text() }
    }),
    downloadFile: asyncApi('downloadFile', async (o) => {
      if (!host.online) throw offline('downloadFile')
      const res = await fetch(url(String(o.url)), { headers: (o.header ?? {}) as Record<string, string> })
      return { statusCode: res.status, tempFilePath: temp(Buffer.from(await res.arrayBuffer()), 'bin') }
    }),
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: host.online ? 'wifi' : 'none' })),
    onNetworkStatusChange: (fn: (res: { isConnected: boolean; networkType: string }) => void) => void netListeners.push(fn),
    offNetworkStatusChange: (fn?: (res: { isConnected: boolean; networkType: string }) => void) => {
      if (!fn) netListeners.length = 0
      else netListeners.splice(netListeners.indexOf(fn), 1)
    },

    chooseImage: asyncApi('chooseImage', (o) => {
      const files = picked('chooseImage').slice(0, Number(o.count ?? 9))
      const paths = files.map((b) => temp(b, 'png'))
      return { tempFilePaths: paths, tempFiles: paths.map((path, i) => ({ path, size: files[i]?.length ?? 0 })) }
    }),
    chooseMedia: asyncApi('chooseMedia', async (o) => {
      const files = picked('chooseMedia').slice(0, Number(o.count ?? 9))
      const tempFiles = await Promise.all(
        files.map(async (b) => {
          const meta = await sharp(b).metadata()
          return { tempFilePath: temp(b, 'png'), size: b.length, fileType: 'image', width: meta.width, height: meta.height, duration: 0, thumbTempFilePath: '' }
        })
      )
      return { tempFiles, type: 'image' }
    }),
    chooseMessageFile: asyncApi('chooseMessageFile', (o) => {
      const files = host.messageFiles.shift()
      if (!files) throw errName('chooseMessageFile', 'cancel')
      const allowed = (o.extension as string[] | undefined) ?? null
      const chosen = files.filter((f) => !allowed || allowed.includes(f.name.split('.').pop() ?? '')).slice(0, Number(o.count ?? 1))
      const now = Math.floor(Date.now() / 1000)
      return { tempFiles: chosen.map((f) => ({ path: temp(f.bytes, f.name.split('.').pop() ?? 'bin'), size: f.bytes.length, name: f.name, type: 'file', time: now })) }
    }),
    getImageInfo: asyncApi('getImageInfo', async (o) => {
      const meta = await sharp(fileOf(String(o.src), 'getImageInfo')).metadata()
      return { width: meta.width, height: meta.height, path: o.src, type: meta.format, orientation: 'up' }
    }),
    compressImage: asyncApi('compressImage', async (o) => {
      const src = fileOf(String(o.src), 'compressImage')
      let img = sharp(src)
      if (o.compressedWidth) img = img.resize({ width: Number(o.compressedWidth) })
      else if (o.compressedHeight) img = img.resize({ height: Number(o.compressedHeight) })
      const out = await img.jpeg({ quality: Number(o.quality ?? 80) }).toBuffer()
      return { tempFilePath: temp(out, 'jpg') }
    }),
    previewImage: asyncApi('previewImage', () => ({})),
    scanCode: asyncApi('scanCode', () => {
      const result = host.scans.shift()
      if (result === undefined) throw errName('scanCode', 'cancel')
      return { result, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '' }
    }),
    getFileSystemManager: () => fileSystemManager,
    saveFile: asyncApi('saveFile', (o) => {
      const bytes = fileOf(String(o.tempFilePath), 'saveFile')
      const path = `${USER_DATA_PATH}/saved-${++tempSeq}`
      fs.files.set(path, bytes)
      return { savedFilePath: path }
    }),
    openDocument: asyncApi('openDocument', (o) => void fileOf(String(o.filePath), 'openDocument')),

    navigateTo: asyncApi('navigateTo', (o) => host.navigate('navigateTo', String(o.url), 1)),
    redirectTo: asyncApi('redirectTo', (o) => host.navigate('redirectTo', String(o.url), 1)),
    reLaunch: asyncApi('reLaunch', (o) => host.navigate('reLaunch', String(o.url), 1)),
    switchTab: asyncApi('switchTab', (o) => host.navigate('switchTab', String(o.url), 1)),
    navigateBack: asyncApi('navigateBack', (o) => host.navigate('navigateBack', '', Number(o.delta ?? 1))),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', () => ({})),
    setNavigationBarColor: asyncApi('setNavigationBarColor', () => ({})),
    showNavigationBarLoading: asyncApi('showNavigationBarLoading', () => ({})),
    hideNavigationBarLoading: asyncApi('hideNavigationBarLoading', () => ({})),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => ({})),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => ({})),
    pageScrollTo: asyncApi('pageScrollTo', () => ({})),

    showToast: asyncApi('showToast', (o) => void host.toasts.push(String(o.title))),
    hideToast: asyncApi('hideToast', () => ({})),
    showLoading: asyncApi('showLoading', () => ({})),
    hideLoading: asyncApi('hideLoading', () => ({})),
    showModal: asyncApi('showModal', (o) => {
      host.modals.push({ title: String(o.title ?? ''), content: String(o.content ?? '') })
      const confirm = host.modalAnswers.shift() ?? true
      return { confirm, cancel: !confirm }
    }),
    showActionSheet: asyncApi('showActionSheet', () => {
      throw errName('showActionSheet', 'cancel')
    }),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => Object.fromEntries(((o.tmplIds ?? []) as string[]).map((id) => [id, 'accept']))),
    login: asyncApi('login', () => {
      if (!host.online) throw offline('login')
      return { code: `code-${device.wechatUser}` }
    }),
    vibrateShort: asyncApi('vibrateShort', () => ({})),
    createSelectorQuery: () => {
      const query = {
        in: () => query,
        select: () => query,
        selectAll: () => query,
        selectViewport: () => query,
        boundingClientRect: () => query,
        scrollOffset: () => query,
        fields: () => query,
        exec: (cb?: (res: unknown[]) => void) => host.schedule(() => cb?.([null]), 0)
      }
      return query
    },
    createIntersectionObserver: () => ({ relativeToViewport: () => ({ observe: () => undefined }), observe: () => undefined, disconnect: () => undefined }),
    onAppShow: () => undefined,
    offAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppHide: () => undefined,
    onError: () => undefined,
    onUnhandledRejection: () => undefined,
    onPageNotFound: () => undefined,
    onMemoryWarning: () => undefined,
    onWindowResize: () => undefined,
    offWindowResize: () => undefined,
    reportAnalytics: () => undefined,
    getUpdateManager: () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => undefined })
  }

  // Anything else the bundle reaches for is recorded: a test fails on it instead of a silent stub.
  const unsupported = ['getLocation', 'setClipboardData', 'makePhoneCall', 'getUserProfile', 'saveImageToPhotosAlbum', 'hideKeyboard', 'loadFontFace', 'createCameraContext']
  for (const name of unsupported) {
    wx[name] = (o: Options = {}) => {
      host.unsupported.push(name)
      const answer = errName(name, 'not simulated by the test harness')
      o.fail?.(answer)
      o.complete?.(answer)
    }
  }

  return {
    wx,
    /** The phone's network: listeners hear the change, as onNetworkStatusChange promises. */
    setOnline(online: boolean) {
      host.online = online
      for (const fn of [...netListeners]) fn({ isConnected: online, networkType: online ? 'wifi' : 'none' })
    },
    /** WeChat may clear temp files at any time after the page that made them is gone. */
    dropTempFiles() {
      for (const path of [...fs.files.keys()]) if (path.startsWith(TEMP)) fs.files.delete(path)
    }
  }
}
