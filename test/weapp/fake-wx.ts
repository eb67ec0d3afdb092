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
  /** The link's latency and upload speed, and calls the server leaves hanging. */
  network: NetworkConditions
  /** app.json's networkTimeout (ms per API), which a call's own `timeout` overrides. */
  networkTimeout: Partial<Record<'request' | 'uploadFile' | 'downloadFile', number>>
  /** False while the app is in the background (a picker, a preview, another app). */
  foreground: boolean
  /**
   * Permissions the user refuses when asked (scope names, e.g. 'scope.camera'), subscription
   * templates they reject, the privacy notice refused, and what the phone's own settings deny
   * WeChat ('camera', 'album').
   */
  denied: { scopes: string[]; subscriptions: string[]; privacy?: boolean; system?: ('camera' | 'album')[] }
  /** Where the user takes the next picture from in the picker's sheet (拍摄 or 从手机相册选择); default the album. */
  pickSource?: 'camera' | 'album'
  /** Times the mini-program's settings page was opened (wx.openSetting); the user switches on what was refused there. */
  settingsOpened?: number
  /** Runs a picker or preview the way a phone does: the app goes to the background until it returns. */
  aside<T>(work: () => Promise<T> | T): Promise<T>
  /** The most network calls in flight at once, and how many waited for a slot. */
  networkStats: { peak: number; queued: number; timeouts: number; interrupted: number; dropped: number; open: number }
}

/**
 * The link the phone is on. 「网络 / 使用说明」: request, uploadFile and downloadFile share at most 10
 * calls in flight (more wait); each call times out after networkTimeout (default and maximum 60 s).
 */
export interface NetworkConditions {
  /** One round trip, added to every call. */
  latencyMs: number
  /** Upload speed in bytes per millisecond (5 Mbit/s ≈ 625); Infinity sends at once. */
  upBytesPerMs: number
  /** Path prefixes whose next call the server never answers (consumed one per call). */
  stalls: string[]
  /**
   * Path prefixes whose next call reaches the server, which does the work, and then the network
   * drops before the answer arrives (consumed one per call): the phone sees its call fail offline.
   */
  lostReplies: string[]
}

export const PERFECT_NETWORK = (): NetworkConditions => ({ latencyMs: 0, upBytesPerMs: Infinity, stalls: [], lostReplies: [] })

/** The base library the project declares (project.config.json libVersion): what the oldest supported phone runs. */
export const BASE_LIBRARY = '2.26.0'

/**
 * When an API (or an option of one) came into the base library, for those the bundle may probe
 * with canIUse; each from its page in WeChat's API reference (「基础库 x 开始支持」).
 */
const SINCE: Record<string, string> = {
  chooseMedia: '2.10.0',
  compressImage: '2.4.0',
  'compressImage.object.compressedWidth': '2.26.0',
  'compressImage.object.compressedHeight': '2.26.0',
  chooseMessageFile: '2.5.0',
  requestSubscribeMessage: '2.4.4',
  getAppBaseInfo: '2.20.1',
  getDeviceInfo: '2.20.1',
  getWindowInfo: '2.20.1',
  'request.object.timeout': '2.10.0',
  'uploadFile.object.timeout': '2.10.0',
  openDocument: '1.0.0',
  'openDocument.object.showMenu': '2.11.0',
  getPrivacySetting: '2.32.3',
  requirePrivacyAuthorize: '2.32.3',
  onNeedPrivacyAuthorization: '2.32.3',
  getSkylineInfoSync: '2.30.4',
  createOffscreenCanvas: '2.16.1',
  canvasToTempFilePath: '1.0.0',
  'button.open-type.getPhoneNumber': '1.2.0',
  'button.open-type.share': '1.2.0',
  openSetting: '1.1.0'
}

/** a ≤ b for dotted versions. */
export function versionAtMost(a: string, b: string): boolean {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0
    const y = pb[i] ?? 0
    if (x !== y) return x < y
  }
  return true
}

/** APIs newer than the declared base library: a phone on it has none of them. */
export const NEWER_THAN_BASE = Object.entries(SINCE)
  .filter(([name, since]) => !name.includes('.') && !versionAtMost(since, BASE_LIBRARY))
  .map(([name]) => name)

/** Storage holds 10 MB in all and 1 MB a key, counted in bytes of UTF-8 (「数据缓存」 / wx.setStorageSync). */
export const STORAGE_LIMIT_BYTES = 10 * 1024 * 1024
export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024
/** The user data directory holds at most 200 MB (「文件系统」: 本地用户文件 … 200MB). */
export const USER_FILES_LIMIT_BYTES = 200 * 1024 * 1024
/** setData: one call over 1 MB fails; over 256 KB the devtools warn (「性能 / setData」). */
export const SET_DATA_LIMIT_BYTES = 1024 * 1024
export const SET_DATA_WARN_BYTES = 256 * 1024

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
  /** The phone's system: image APIs differ (「wx.compressImage」: iOS compresses JPG only). */
  os: 'ios' | 'android'
  /**
   * Its version: on iOS 15 and older the logic layer's Promise is a setTimeout polyfill and there is
   * no TextEncoder (「JavaScript 支持情况」; test/weapp/old-ios.ts).
   */
  osVersion: number
  /** Subpackages downloaded so far (「分包加载」): the rest are fetched when one of their pages first opens. */
  packages: Set<string>
}

/**
 * The phone every test gets unless it says otherwise: `GNM_WEAPP_PHONE` = `ios` (iOS 16, the
 * default), `ios15` (the old engine: CI runs the whole weapp suite on it too) or `android` (13).
 */
export function defaultPhone(name = process.env.GNM_WEAPP_PHONE ?? 'ios'): Pick<Device, 'os' | 'osVersion'> {
  if (name === 'ios') return { os: 'ios', osVersion: 16 }
  if (name === 'ios15') return { os: 'ios', osVersion: 15 }
  if (name === 'android') return { os: 'android', osVersion: 13 }
  throw new Error(`GNM_WEAPP_PHONE=${name}: expected ios, ios15 or android`)
}

/** iOS 15 and older: JavaScriptCore with a setTimeout Promise and no TextEncoder. */
export function oldEngine(device: Pick<Device, 'os' | 'osVersion'>): boolean {
  return device.os === 'ios' && device.osVersion <= 15
}

export function newDevice(wechatUser = `phone${Math.random().toString(36).slice(2, 8)}`): Device {
  return { storage: new Map(), fs: { files: new Map(), dirs: new Set([USER_DATA_PATH]) }, wechatUser, ...defaultPhone(), packages: new Set() }
}

let tempSeq = 0

function errName(name: string, detail: string) {
  return { errMsg: `${name}:fail ${detail}` }
}

export function createFakeWx(host: WxHost, device: Device) {
  const { fs } = device
  const netListeners: ((res: { isConnected: boolean; networkType: string }) => void)[] = []
  const appListeners = { appShow: [] as ((res: unknown) => void)[], appHide: [] as ((res: unknown) => void)[] }
  const listen = (kind: keyof typeof appListeners) => (fn: (res: unknown) => void) => void appListeners[kind].push(fn)
  const unlisten = (kind: keyof typeof appListeners) => (fn?: (res: unknown) => void) => {
    const list = appListeners[kind]
    if (!fn) list.length = 0
    else if (list.includes(fn)) list.splice(list.indexOf(fn), 1)
  }

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
  const userBytes = (except?: string) => [...fs.files.entries()].filter(([p]) => p.startsWith(USER_DATA_PATH) && p !== except).reduce((n, [, b]) => n + b.length, 0)
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
      const bytes = bytesOf(data)
      // 「文件系统」: the user's files hold at most 200 MB.
      if (userBytes(path) + bytes.length > USER_FILES_LIMIT_BYTES) throw new Error('writeFileSync:fail the maximum size of the file storage limit is exceeded')
      fs.files.set(path, bytes)
    },
    unlinkSync(path: string) {
      if (!fs.files.delete(path)) throw new Error(`unlinkSync:fail no such file or directory, open ${path}`)
    },
    readdirSync(path: string) {
      return [...fs.files.keys()].filter((f) => parent(f) === path).map((f) => f.slice(path.length + 1))
    }
  }

  const systemInfo = {
    brand: device.os === 'ios' ? 'iPhone' : 'Xiaomi',
    model: device.os === 'ios' ? 'iPhone 13' : 'Redmi Note 12',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 844,
    statusBarHeight: 47,
    language: 'zh_CN',
    version: '8.0.50',
    system: `${device.os === 'ios' ? 'iOS' : 'Android'} ${device.osVersion}.0`,
    platform: device.os,
    SDKVersion: BASE_LIBRARY,
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 }
  }

  // 「数据缓存」: sizes are bytes, whatever the text; the same limits for setStorage and setStorageSync.
  const utf8 = (t: string) => Buffer.byteLength(t, 'utf8')
  const storageBytes = (except?: string) => [...device.storage.entries()].filter(([k]) => k !== except).reduce((n, [k, v]) => n + utf8(k) + utf8(v), 0)
  const storageRefusal = (key: string, data: unknown): string | null => {
    const json = JSON.stringify(data) ?? ''
    if (utf8(json) > STORAGE_KEY_LIMIT_BYTES) return 'entry size limit reached'
    if (storageBytes(key) + utf8(key) + utf8(json) > STORAGE_LIMIT_BYTES) return 'storage limit reached'
    return null
  }

  /**
   * A picker refused before it opens: the privacy notice refused (「用户隐私保护指引」: `privacy
   * permission is not authorized`), 摄像头 refused for the mini-program (「授权」, scope.camera:
   * `auth deny`), or the phone's settings deny WeChat the camera or the photos.
   */
  const pickerAllowed = (api: string, o: Options): true => {
    const sources = ((o.sourceType as string[] | undefined) ?? ['album', 'camera']).filter((s) => s === 'album' || s === 'camera')
    const source = sources.includes(host.pickSource ?? 'album') ? (host.pickSource ?? 'album') : (sources[0] ?? 'album')
    if (host.denied.privacy) throw { ...errName(api, 'privacy permission is not authorized'), errno: 104 }
    if (host.denied.system?.includes(source)) throw errName(api, 'system permission denied')
    if (source === 'camera' && host.denied.scopes.includes('scope.camera')) throw errName(api, 'auth deny')
    return true
  }

  const picked = (api: string) => {
    const files = host.picks.shift()
    if (!files || files.length === 0) throw errName(api, 'cancel')
    return files
  }

  // ---- the network (「网络 / 使用说明」) ----
  const METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']
  const MAX_IN_FLIGHT = 10
  let inFlight = 0
  const waiting: (() => void)[] = []
  const calls = new Set<{ api: string; fail: (e: unknown) => void }>()
  const acquire = async () => {
    if (inFlight >= MAX_IN_FLIGHT) {
      host.networkStats.queued += 1
      await new Promise<void>((r) => waiting.push(r))
    } else inFlight += 1
    host.networkStats.peak = Math.max(host.networkStats.peak, inFlight)
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else inFlight -= 1
  }
  const sleep = (ms: number) => (ms > 0 && Number.isFinite(ms) ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve())
  const required = (api: string, o: Options, names: string[]) => {
    for (const n of names) if (o[n] === undefined || o[n] === null || o[n] === '') throw errName(api, `parameter.${n} should be String instead of Undefined;`)
  }
  /**
   * One network call as the phone makes it: refused in the background; waits for one of the 10
   * slots; fails with `<api>:fail timeout` after its timeout (its own, else app.json's networkTimeout,
   * at most 60 s); fails when the network goes while it runs, or 5 s into the background
   * (`fail interrupted`); answers after the link's latency (and, for uploads, its speed).
   */
  const network = async <T,>(api: 'request' | 'uploadFile' | 'downloadFile', o: Options, path: string, bytesUp: number, run: () => Promise<T>): Promise<T> => {
    if (!host.foreground) {
      host.networkStats.interrupted += 1
      throw errName(api, 'interrupted')
    }
    if (!host.online) throw offline(api)
    await acquire()
    const limit = Math.min(60000, Number(o.timeout ?? host.networkTimeout[api] ?? 60000))
    let call: { api: string; fail: (e: unknown) => void } | undefined
    let timer: NodeJS.Timeout | undefined
    try {
      return await new Promise<T>((resolve, reject) => {
        call = { api, fail: reject }
        calls.add(call)
        host.networkStats.open = calls.size
        timer = setTimeout(() => {
          host.networkStats.timeouts += 1
          reject(errName(api, 'timeout'))
        }, limit)
        const stall = host.network.stalls.findIndex((p) => path.startsWith(p))
        if (stall >= 0) {
          host.network.stalls.splice(stall, 1)
          return // the server never answers: only the timeout ends it
        }
        const lost = host.network.lostReplies.findIndex((p) => path.startsWith(p))
        if (lost >= 0) host.network.lostReplies.splice(lost, 1)
        void (async () => {
          await sleep(host.network.latencyMs / 2 + bytesUp / host.network.upBytesPerMs)
          const answer = await run()
          if (lost >= 0) dropNetwork() // the server did the work; its answer never arrives
          await sleep(host.network.latencyMs / 2)
          return answer
        })().then(resolve, reject)
      })
    } finally {
      if (timer) clearTimeout(timer)
      if (call) calls.delete(call)
      host.networkStats.open = calls.size
      release()
    }
  }

  const tellNetworkListeners = (online: boolean) => {
    for (const fn of [...netListeners]) fn({ isConnected: online, networkType: online ? 'wifi' : 'none' })
  }
  /** The connection goes with the network: calls under way fail (an upload cut in the middle). */
  const dropNetwork = () => {
    host.online = false
    for (const c of [...calls]) {
      host.networkStats.dropped += 1
      c.fail(offline(c.api))
    }
    tellNetworkListeners(false)
  }

  const wx: Record<string, unknown> = {
    env: { USER_DATA_PATH },
    getSystemInfoSync: () => ({ ...systemInfo }),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...systemInfo })),
    getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 844, statusBarHeight: 47, safeArea: systemInfo.safeArea }),
    getDeviceInfo: () => ({ brand: systemInfo.brand, model: systemInfo.model, system: systemInfo.system, platform: systemInfo.platform }),
    getAppBaseInfo: () => ({ SDKVersion: BASE_LIBRARY, language: 'zh_CN', version: '8.0.50', theme: 'light' }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    getLaunchOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    // 「wx.canIUse」: true only for what the declared base library has.
    canIUse: (schema: string) => {
      const since = SINCE[schema]
      if (since) return versionAtMost(since, BASE_LIBRARY)
      const name = schema.split('.')[0] ?? ''
      return !schema.includes('.') && name in wx
    },
    nextTick: (fn: () => void) => host.schedule(fn, 0),

    getStorageSync: (key: string) => {
      const v = device.storage.get(key)
      return v === undefined ? '' : JSON.parse(v)
    },
    setStorageSync: (key: string, data: unknown) => {
      const refused = storageRefusal(key, data)
      if (refused) throw new Error(`setStorageSync:fail ${refused}`)
      device.storage.set(key, JSON.stringify(data))
    },
    removeStorageSync: (key: string) => void device.storage.delete(key),
    clearStorageSync: () => device.storage.clear(),
    getStorageInfoSync: () => ({ keys: [...device.storage.keys()], currentSize: Math.ceil(storageBytes() / 1024), limitSize: STORAGE_LIMIT_BYTES / 1024 }),
    getStorage: asyncApi('getStorage', (o) => {
      const v = device.storage.get(String(o.key))
      if (v === undefined) throw errName('getStorage', 'data not found')
      return { data: JSON.parse(v) }
    }),
    setStorage: asyncApi('setStorage', (o) => {
      const refused = storageRefusal(String(o.key), o.data)
      if (refused) throw errName('setStorage', refused)
      device.storage.set(String(o.key), JSON.stringify(o.data))
    }),
    removeStorage: asyncApi('removeStorage', (o) => void device.storage.delete(String(o.key))),

    request: asyncApi('request', async (o) => {
      required('request', o, ['url'])
      const method = String(o.method ?? 'GET').toUpperCase()
      // wx.request knows these methods only (no PATCH): 「wx.request」 object.method.
      if (!METHODS.includes(method)) throw errName('request', `parameter.method should be one of ${METHODS.join(', ')}`)
      const header = (o.header ?? {}) as Record<string, string>
      let target = url(String(o.url))
      let body: string | undefined
      if (o.data !== undefined && o.data !== null) {
        if (method === 'GET') {
          const q = new URLSearchParams(Object.entries(o.data as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]))
          target += (target.includes('?') ? '&' : '?') + q.toString()
        } else body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
      }
      const path = new URL(target).pathname
      host.requests.push(`${method} ${path}`)
      return network('request', o, path, body ? Buffer.byteLength(body) : 0, async () => {
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
      })
    }),
    uploadFile: asyncApi('uploadFile', async (o) => {
      // 「wx.uploadFile」: url, filePath and name are required.
      required('uploadFile', o, ['url', 'filePath', 'name'])
      const bytes = fileOf(String(o.filePath), 'uploadFile')
      const path = new URL(url(String(o.url))).pathname
      host.requests.push(`UPLOAD ${path}`)
      return network('uploadFile', o, path, bytes.length, async () => {
        const form = new FormData()
        for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, string>)) form.append(k, v)
        form.append(String(o.name), new Blob([new Uint8Array(bytes)]), String(o.filePath).split('/').pop())
        const res = await fetch(url(String(o.url)), { method: 'POST', headers: (o.header ?? {}) as Record<string, string>, body: form })
        return { statusCode: res.status, data: await res.text() }
      })
    }),
    downloadFile: asyncApi('downloadFile', async (o) => {
      required('downloadFile', o, ['url'])
      const path = new URL(url(String(o.url))).pathname
      return network('downloadFile', o, path, 0, async () => {
        const res = await fetch(url(String(o.url)), { headers: (o.header ?? {}) as Record<string, string> })
        return { statusCode: res.status, tempFilePath: temp(Buffer.from(await res.arrayBuffer()), 'bin') }
      })
    }),
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: host.online ? 'wifi' : 'none' })),
    onNetworkStatusChange: (fn: (res: { isConnected: boolean; networkType: string }) => void) => void netListeners.push(fn),
    offNetworkStatusChange: (fn?: (res: { isConnected: boolean; networkType: string }) => void) => {
      if (!fn) netListeners.length = 0
      else netListeners.splice(netListeners.indexOf(fn), 1)
    },

    chooseImage: asyncApi('chooseImage', (o) => pickerAllowed('chooseImage', o) && host.aside(() => {
      const files = picked('chooseImage').slice(0, Number(o.count ?? 9))
      const paths = files.map((b) => temp(b, 'png'))
      return { tempFilePaths: paths, tempFiles: paths.map((path, i) => ({ path, size: files[i]?.length ?? 0 })) }
    })),
    chooseMedia: asyncApi('chooseMedia', (o) => pickerAllowed('chooseMedia', o) && host.aside(async () => {
      const files = picked('chooseMedia').slice(0, Number(o.count ?? 9))
      const tempFiles = await Promise.all(
        files.map(async (b) => {
          const meta = await sharp(b).metadata()
          return { tempFilePath: temp(b, 'png'), size: b.length, fileType: 'image', width: meta.width, height: meta.height, duration: 0, thumbTempFilePath: '' }
        })
      )
      return { tempFiles, type: 'image' }
    })),
    chooseMessageFile: asyncApi('chooseMessageFile', (o) => host.aside(() => {
      const files = host.messageFiles.shift()
      if (!files) throw errName('chooseMessageFile', 'cancel')
      const allowed = (o.extension as string[] | undefined) ?? null
      const chosen = files.filter((f) => !allowed || allowed.includes(f.name.split('.').pop() ?? '')).slice(0, Number(o.count ?? 1))
      const now = Math.floor(Date.now() / 1000)
      return { tempFiles: chosen.map((f) => ({ path: temp(f.bytes, f.name.split('.').pop() ?? 'bin'), size: f.bytes.length, name: f.name, type: 'file', time: now })) }
    })),
    getImageInfo: asyncApi('getImageInfo', async (o) => {
      const meta = await sharp(fileOf(String(o.src), 'getImageInfo')).metadata()
      return { width: meta.width, height: meta.height, path: o.src, type: meta.format, orientation: 'up' }
    }),
    // 「wx.compressImage」: quality applies to JPG only, and iOS compresses JPG only — a PNG comes
    // back as it went in; Android writes a JPG. compressedWidth/Height since base library 2.26.0.
    compressImage: asyncApi('compressImage', async (o) => {
      required('compressImage', o, ['src'])
      const src = fileOf(String(o.src), 'compressImage')
      const meta = await sharp(src).metadata()
      if (device.os === 'ios' && meta.format !== 'jpeg') return { tempFilePath: temp(src, meta.format ?? 'png') }
      let img = sharp(src)
      if (o.compressedWidth) img = img.resize({ width: Number(o.compressedWidth) })
      else if (o.compressedHeight) img = img.resize({ height: Number(o.compressedHeight) })
      const out = await img.jpeg({ quality: Number(o.quality ?? 80) }).toBuffer()
      return { tempFilePath: temp(out, 'jpg') }
    }),
    // 「wx.createOffscreenCanvas」 (2d, base library 2.16.1) and 「wx.canvasToTempFilePath」: enough to
    // draw one picture scaled and export it as JPG or PNG.
    createOffscreenCanvas: (o: { type?: string; width?: number; height?: number } = {}) => {
      const canvas = {
        type: o.type ?? 'webgl',
        width: Number(o.width ?? 300),
        height: Number(o.height ?? 150),
        drawn: null as null | { src: string; w: number; h: number },
        createImage() {
          const image: { src: string; width: number; height: number; onload: (() => void) | null; onerror: ((e: unknown) => void) | null } = { src: '', width: 0, height: 0, onload: null, onerror: null }
          let src = ''
          Object.defineProperty(image, 'src', {
            get: () => src,
            set: (v: string) => {
              src = v
              const bytes = fs.files.get(v)
              if (!bytes) {
                host.schedule(() => image.onerror?.({ errMsg: `image load fail ${v}` }), 0)
                return
              }
              void host.track(
                sharp(bytes)
                  .metadata()
                  .then((m) => {
                    image.width = m.width ?? 0
                    image.height = m.height ?? 0
                    host.schedule(() => image.onload?.(), 0)
                  })
              )
            }
          })
          return image
        },
        getContext(kind: string) {
          if (kind !== '2d' || canvas.type !== '2d') return null
          return {
            fillStyle: '#000',
            fillRect: () => undefined,
            drawImage(img: { src: string }, _x: number, _y: number, w?: number, h?: number) {
              canvas.drawn = { src: img.src, w: Math.round(w ?? canvas.width), h: Math.round(h ?? canvas.height) }
            }
          }
        }
      }
      return canvas
    },
    canvasToTempFilePath: asyncApi('canvasToTempFilePath', async (o) => {
      const canvas = o.canvas as { drawn: null | { src: string; w: number; h: number }; width: number; height: number } | undefined
      if (!canvas?.drawn) throw errName('canvasToTempFilePath', 'canvas is empty')
      const w = Number(o.destWidth ?? canvas.width)
      const h = Number(o.destHeight ?? canvas.height)
      const img = sharp(fileOf(canvas.drawn.src, 'canvasToTempFilePath')).resize({ width: w, height: h, fit: 'fill' })
      const jpg = o.fileType === 'jpg'
      const out = jpg ? await img.jpeg({ quality: Math.round(Number(o.quality ?? 1) * 100) }).toBuffer() : await img.png().toBuffer()
      return { tempFilePath: temp(out, jpg ? 'jpg' : 'png') }
    }),
    previewImage: asyncApi('previewImage', () => host.aside(() => ({}))),
    scanCode: asyncApi('scanCode', () => host.aside(() => {
      const result = host.scans.shift()
      if (result === undefined) throw errName('scanCode', 'cancel')
      return { result, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '' }
    })),
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
    // 「wx.requestSubscribeMessage」: each template accepted or rejected by the user (host.denied).
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => {
      required('requestSubscribeMessage', o, ['tmplIds'])
      return Object.fromEntries(((o.tmplIds ?? []) as string[]).map((id) => [id, host.denied.subscriptions.includes(id) || host.denied.subscriptions.includes('*') ? 'reject' : 'accept']))
    }),
    // 「授权」: a scope the user refuses stays refused (getSetting says so) until openSetting.
    authorize: asyncApi('authorize', (o) => {
      if (host.denied.scopes.includes(String(o.scope))) throw errName('authorize', 'auth deny')
    }),
    getSetting: asyncApi('getSetting', () => ({ authSetting: Object.fromEntries(host.denied.scopes.map((sc) => [sc, false])) })),
    // 「wx.openSetting」: the mini-program's settings page, over the app (it goes to the background);
    // the user switches on the permissions refused before, and they are granted when it comes back.
    openSetting: asyncApi('openSetting', () => host.aside(() => {
      host.settingsOpened = (host.settingsOpened ?? 0) + 1
      const authSetting = Object.fromEntries(host.denied.scopes.map((sc) => [sc, true]))
      host.denied.scopes = []
      return { authSetting }
    })),
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
    onAppShow: listen('appShow'),
    offAppShow: unlisten('appShow'),
    onAppHide: listen('appHide'),
    offAppHide: unlisten('appHide'),
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
    /** wx.onAppShow / wx.onAppHide listeners hear the app come and go. */
    emit(kind: 'appShow' | 'appHide', res: unknown) {
      for (const fn of [...appListeners[kind]]) fn(res)
    },
    /** The phone's network: listeners hear the change, as onNetworkStatusChange promises. */
    setOnline(online: boolean) {
      if (!online) return dropNetwork()
      host.online = true
      tellNetworkListeners(true)
    },
    /** 「运行机制」: 5 s after going to the background JS is suspended and network calls under way fail. */
    interruptCalls() {
      for (const c of [...calls]) {
        host.networkStats.interrupted += 1
        c.fail(errName(c.api, 'interrupted'))
      }
    },
    /** WeChat may clear temp files at any time after the page that made them is gone. */
    dropTempFiles() {
      for (const path of [...fs.files.keys()]) if (path.startsWith(TEMP)) fs.files.delete(path)
    }
  }
}
