import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, posix, relative, resolve } from 'node:path'
import vm from 'node:vm'
import { timeoutPromise } from './old-ios'
import { createFakeWx, newDevice, oldEngine, PERFECT_NETWORK, SET_DATA_LIMIT_BYTES, SET_DATA_WARN_BYTES, type Device, type WxHost } from './fake-wx'

/**
 * Boots the compiled mini-program (dist/weapp) in a Node `vm` the way WeChat's logic layer runs
 * it, with the fake `wx` of ./fake-wx: App and Page registration, a page stack with WeChat's
 * lifecycle order, setData applied to each page's data, taps that bubble, and the screen
 * rendered from that data by WeChat's own template compiler (wcc). `window`, `document` and
 * `navigator` do not exist in there, as on the phone.
 */

export const ROOT = resolve(__dirname, '../..')
export const DIST = join(ROOT, 'dist/weapp')
const COMPILER = join(ROOT, 'node_modules/miniprogram-compiler/bin/linux')

type Data = Record<string, unknown>
type Handler = (this: PageInstance, ...args: unknown[]) => unknown

export interface PageInstance {
  route: string
  __route__: string
  options: Record<string, string>
  data: Data
  setData(patch: Data, cb?: () => void): void
  [key: string]: unknown
}

/** One node of the screen as wcc builds it: a tag with attributes and children, or text. */
export interface ViewNode {
  tag: string
  attr: Record<string, unknown>
  children: (ViewNode | string)[]
  parent: ViewNode | null
}

function walkFiles(dir: string, ext: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...walkFiles(full, ext))
    else if (name.endsWith(ext)) out.push(relative(DIST, full).split('\\').join('/'))
  }
  return out.sort()
}

function tool(name: 'wcc' | 'wcsc'): string {
  const path = join(COMPILER, name)
  // The npm package ships the binaries without the execute bit.
  chmodSync(path, 0o755)
  return path
}

let gwxSource: string | null = null

/** Compiles every .wxml of the bundle with wcc into the view layer's `$gwx` (once per process). */
export function compileTemplates(): string {
  if (gwxSource) return gwxSource
  const wxml = walkFiles(DIST, '.wxml')
  const wxs = walkFiles(DIST, '.wxs')
  const res = spawnSync(tool('wcc'), ['-d', '-cc', '0', ...wxml, ...wxs, '-gn', '$gwx'], { cwd: DIST, maxBuffer: 64 * 1024 * 1024 })
  if (res.status !== 0) throw new Error(`wcc failed: ${res.stderr.toString()}`)
  gwxSource = res.stdout.toString()
  return gwxSource
}

/** Checks every .wxss with wcsc (WeChat's style compiler), all at once so imports resolve; returns its complaint, or null. */
export function checkStyles(): { files: number; error: string | null } {
  const files = walkFiles(DIST, '.wxss')
  const res = spawnSync(tool('wcsc'), ['-db', '-pc', String(files.length), ...files], { cwd: DIST, maxBuffer: 64 * 1024 * 1024 })
  return { files: files.length, error: res.status === 0 ? null : res.stderr.toString() }
}

/** Applies one setData key ("root.cn.[0].cn[2].v") to plain data, as the view layer does. */
export function setPath(target: Data, path: string, value: unknown): void {
  const tokens = [...path.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[0]))
  let node: Record<string | number, unknown> = target
  tokens.forEach((token, i) => {
    if (i === tokens.length - 1) {
      node[token] = value
      return
    }
    const next = tokens[i + 1]
    if (node[token] === undefined || node[token] === null || typeof node[token] !== 'object') node[token] = typeof next === 'number' ? [] : {}
    node = node[token] as Record<string | number, unknown>
  })
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [path = '', search = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const part of search.split('&').filter(Boolean)) {
    const [k = '', v = ''] = part.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return { route: path.replace(/^\//, ''), query }
}

export interface LaunchOptions {
  /** The test server's origin (http://127.0.0.1:port). */
  serverOrigin: string
  /** The phone: storage and user files survive `kill()`; pass the same device to relaunch. */
  device?: Device
  /** The page to open first (default: the first page of app.json). */
  path?: string
  online?: boolean
}

export class Weapp {
  readonly device: Device
  readonly stack: PageInstance[] = []
  readonly host: WxHost
  readonly errors: unknown[] = []
  /** setData calls above 256 KB (the devtools warn: slow on low-end phones). */
  readonly setDataWarnings: string[] = []
  private readonly pending = new Set<Promise<unknown>>()
  /** The bundle's timers, by the id the bundle holds: frozen (no Node timer) while JS is suspended. */
  private readonly timers = new Map<number, { fn: () => void; ms: number; repeat: boolean; due: number; node: NodeJS.Timeout | null }>()
  private timerSeq = 0
  private suspended = false
  private suspendTimer: NodeJS.Timeout | null = null
  private readonly context: vm.Context
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageOptions = new Map<string, Data>()
  private loading: string | null = null
  private app: Data | null = null
  private alive = true
  private busy = 0
  private lastActivity = Date.now()
  private readonly fake: ReturnType<typeof createFakeWx>
  readonly appJson: {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
    networkTimeout?: Partial<Record<'request' | 'uploadFile' | 'downloadFile', number>>
    preloadRule?: Record<string, { network?: 'all' | 'wifi'; packages: string[] }>
  }

  private constructor(opts: LaunchOptions) {
    this.device = opts.device ?? newDevice()
    this.appJson = JSON.parse(readFileSync(join(DIST, 'app.json'), 'utf8'))
    this.host = {
      serverOrigin: opts.serverOrigin,
      online: opts.online ?? true,
      picks: [],
      messageFiles: [],
      scans: [],
      modalAnswers: [],
      toasts: [],
      modals: [],
      unsupported: [],
      requests: [],
      network: PERFECT_NETWORK(),
      networkTimeout: this.appJson.networkTimeout ?? {},
      foreground: true,
      denied: { scopes: [], subscriptions: [] },
      networkStats: { peak: 0, queued: 0, timeouts: 0, interrupted: 0, dropped: 0, open: 0 },
      aside: (work) => this.aside(work),
      navigate: (kind, url, delta) => this.navigate(kind, url, delta),
      track: <T>(p: Promise<T>) => this.track(p),
      schedule: (fn, ms) => void this.setTimer(fn, ms, false)
    }
    this.fake = createFakeWx(this.host, this.device)
    const sandbox: Data = {
      wx: this.fake.wx,
      console,
      App: (options: Data) => {
        this.app = options
      },
      Page: (options: Data) => {
        if (!this.loading) throw new Error('Page() called outside a page file')
        this.pageOptions.set(this.loading, options)
      },
      Component: () => undefined,
      Behavior: (b: Data) => b,
      getApp: () => this.app,
      getCurrentPages: () => [...this.stack],
      requirePlugin: () => ({}),
      __wxConfig: { envVersion: 'develop', platform: 'devtools', pages: this.appJson.pages },
      setTimeout: (fn: () => void, ms?: number) => this.setTimer(fn, ms ?? 0, false),
      clearTimeout: (t: number) => this.clearTimer(t),
      setInterval: (fn: () => void, ms?: number) => this.setTimer(fn, ms ?? 0, true),
      clearInterval: (t: number) => this.clearTimer(t),
      TextEncoder,
      TextDecoder
    }
    if (oldEngine(this.device)) {
      // iOS 15 and older (「JavaScript 支持情况」): Promise reactions are timer tasks, no TextEncoder.
      sandbox.Promise = timeoutPromise((fn) => void this.setTimer(fn, 0, false), {
        unhandled: (reason) => this.errors.push(reason),
        rehandled: (reason) => {
          const at = this.errors.indexOf(reason)
          if (at >= 0) this.errors.splice(at, 1)
        }
      })
      delete sandbox.TextEncoder
      delete sandbox.TextDecoder
    }
    this.context = vm.createContext(sandbox)
  }

  /** Boots app.js, runs App.onLaunch/onShow, then opens the first page (or `path`). */
  static async launch(opts: LaunchOptions): Promise<Weapp> {
    const app = new Weapp(opts)
    app.require('app.js', '')
    if (!app.app) throw new Error('app.js did not call App()')
    const first = opts.path ?? app.appJson.pages[0] ?? ''
    const launch = { path: parseUrl(first).route, query: parseUrl(first).query, scene: 1001 }
    app.call(app.app, 'onLaunch', launch)
    app.call(app.app, 'onShow', launch)
    app.navigate('reLaunch', `/${first}`, 1)
    await app.settle()
    return app
  }

  /** Runs a script in the logic layer's global scope (to probe the engine the phone has). */
  evaluate(code: string): unknown {
    return vm.runInContext(code, this.context)
  }

  // ---- module loading -------------------------------------------------------------------

  private require(path: string, from: string): unknown {
    const file = posix.normalize(posix.join(posix.dirname(from || '.'), path)).replace(/^\.\//, '')
    const name = file.endsWith('.js') ? file : `${file}.js`
    const cached = this.modules.get(name)
    if (cached) return cached.exports
    const full = join(DIST, name)
    if (!existsSync(full)) throw new Error(`module not found in the bundle: ${name} (from ${from})`)
    const module = { exports: {} as unknown }
    this.modules.set(name, module)
    const wrapped = `(function (require, module, exports, window, document, navigator, self, location) {${readFileSync(full, 'utf8')}\n})`
    const fn = vm.runInContext(wrapped, this.context, { filename: name }) as (...args: unknown[]) => void
    fn((p: string) => this.require(p, name), module, module.exports, undefined, undefined, undefined, undefined, undefined)
    return module.exports
  }

  private loadPage(route: string): Data {
    const known = this.pageOptions.get(route)
    if (known) return known
    const all = [...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
    if (!all.includes(route)) throw new Error(`page not in app.json: ${route}`)
    this.loading = route
    try {
      this.require(`${route}.js`, '')
    } finally {
      this.loading = null
    }
    const options = this.pageOptions.get(route)
    if (!options) throw new Error(`${route}.js did not call Page()`)
    return options
  }

  // ---- the page stack ---------------------------------------------------------------------

  private call(target: Data | PageInstance, method: string, ...args: unknown[]): void {
    const fn = target[method] as Handler | undefined
    if (typeof fn !== 'function') return
    try {
      const result = fn.apply(target as PageInstance, args)
      if (result && typeof (result as Promise<unknown>).then === 'function') void this.track(result as Promise<unknown>)
    } catch (error) {
      this.errors.push(error)
    }
  }

  private instantiate(route: string, query: Record<string, string>): PageInstance {
    const options = this.loadPage(route)
    const page = { ...options } as PageInstance
    page.route = route
    page.__route__ = route
    page.options = query
    page.data = clone((options.data as Data | undefined) ?? {})
    page.setData = (patch: Data, cb?: () => void) => {
      if (!this.alive) return
      this.lastActivity = Date.now()
      // 「setData」: the data sent in one call may not exceed 1 MB; the devtools warn above 256 KB.
      const size = Buffer.byteLength(JSON.stringify(patch) ?? '', 'utf8')
      if (size > SET_DATA_LIMIT_BYTES) {
        this.errors.push(new Error(`setData:fail data size ${size} bytes exceeds 1 MB on ${route}`))
        return
      }
      if (size > SET_DATA_WARN_BYTES) this.setDataWarnings.push(`${route}: setData of ${Math.round(size / 1024)} KB`)
      for (const [key, value] of Object.entries(patch)) setPath(page.data, key, clone(value))
      if (cb) this.setTimer(cb, 0, false)
    }
    return page
  }

  /** 「分包加载」: a subpackage's first page needs it downloaded; offline it cannot be. */
  private ensurePackage(kind: string, route: string): void {
    const sub = (this.appJson.subPackages ?? []).find((p) => route.startsWith(`${p.root}/`))
    if (!sub || this.device.packages.has(sub.root)) return
    if (!this.host.online) throw { errMsg: `${kind}:fail loadSubpackage: ${sub.root} download failed (network unavailable)` }
    this.device.packages.add(sub.root)
    this.host.requests.push(`SUBPACKAGE ${sub.root}`)
  }

  /** 「分包预下载」: on showing a page with a preloadRule, its packages are fetched while online. */
  private preload(route: string): void {
    const rule = this.appJson.preloadRule?.[route]
    if (!rule || !this.host.online) return
    for (const root of rule.packages) {
      if (!this.device.packages.has(root)) {
        this.device.packages.add(root)
        this.host.requests.push(`SUBPACKAGE ${root}`)
      }
    }
  }

  private open(url: string): void {
    const { route, query } = parseUrl(url)
    const page = this.instantiate(route, query)
    this.stack.push(page)
    this.call(page, 'onLoad', query)
    this.call(page, 'onShow')
    this.call(page, 'onReady')
    this.preload(route)
  }

  private unload(page: PageInstance | undefined): void {
    if (page) this.call(page, 'onUnload')
  }

  navigate(kind: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack', url: string, delta: number): void {
    this.lastActivity = Date.now()
    if (kind !== 'navigateBack') this.ensurePackage(kind, parseUrl(url).route)
    if (kind === 'navigateTo') {
      if (this.stack.length >= 10) throw { errMsg: 'navigateTo:fail webview count limit exceed' }
      const top = this.stack[this.stack.length - 1]
      if (top) this.call(top, 'onHide')
      this.open(url)
    } else if (kind === 'redirectTo') {
      this.unload(this.stack.pop())
      this.open(url)
    } else if (kind === 'reLaunch' || kind === 'switchTab') {
      while (this.stack.length) this.unload(this.stack.pop())
      this.open(url)
    } else {
      if (this.stack.length <= 1) return
      for (let i = 0; i < delta && this.stack.length > 1; i++) this.unload(this.stack.pop())
      const top = this.stack[this.stack.length - 1]
      if (top) this.call(top, 'onShow')
    }
  }

  get page(): PageInstance {
    const top = this.stack[this.stack.length - 1]
    if (!top) throw new Error('no page open')
    return top
  }

  // ---- time and waiting -------------------------------------------------------------------

  private setTimer(fn: () => void, ms: number, repeat: boolean): number {
    const id = ++this.timerSeq
    // While suspended `due` holds the time left (suspend() turns every due time into that), else the time due.
    const entry = { fn, ms: Math.max(0, ms), repeat, due: (this.suspended ? 0 : Date.now()) + Math.max(0, ms), node: null as NodeJS.Timeout | null }
    this.timers.set(id, entry)
    if (!this.suspended) this.arm(id)
    return id
  }

  private arm(id: number): void {
    const entry = this.timers.get(id)
    if (!entry) return
    const run = () => {
      if (!entry.repeat) this.timers.delete(id)
      else {
        entry.due = Date.now() + entry.ms
        entry.node = setTimeout(run, entry.ms)
      }
      if (!this.alive) return
      this.lastActivity = Date.now()
      try {
        entry.fn()
      } catch (error) {
        this.errors.push(error)
      }
    }
    entry.node = setTimeout(run, Math.max(0, entry.due - Date.now()))
  }

  private clearTimer(id: number): void {
    const entry = this.timers.get(id)
    if (entry?.node) clearTimeout(entry.node)
    this.timers.delete(id)
  }

  // ---- the background (「运行机制」, 「小程序的生命周期」) -----------------------------------

  /** The app leaves the screen: the page's onHide, App.onHide, wx.onAppHide listeners; JS is suspended 5 s later. */
  goBackground(): void {
    if (!this.host.foreground) return
    this.host.foreground = false
    const top = this.stack[this.stack.length - 1]
    if (top) this.call(top, 'onHide')
    if (this.app) this.call(this.app, 'onHide')
    this.fake.emit('appHide', {})
    this.suspendTimer = setTimeout(() => this.suspend(), 5000)
  }

  /** 5 s in the background: timers stop where they are and network calls under way fail. */
  private suspend(): void {
    this.suspendTimer = null
    if (this.host.foreground || this.suspended) return
    this.suspended = true
    for (const entry of this.timers.values()) {
      if (entry.node) clearTimeout(entry.node)
      entry.node = null
      entry.due = entry.due - Date.now() // remaining, until resumed
    }
    this.fake.interruptCalls()
  }

  /** Back on screen: timers go on from where they stopped; App.onShow, wx.onAppShow listeners, the page's onShow. */
  goForeground(): void {
    if (this.host.foreground) return
    if (this.suspendTimer) clearTimeout(this.suspendTimer)
    this.suspendTimer = null
    if (this.suspended) {
      this.suspended = false
      for (const [id, entry] of this.timers) {
        entry.due = Date.now() + Math.max(0, entry.due)
        this.arm(id)
      }
    }
    this.host.foreground = true
    this.lastActivity = Date.now()
    const options = { path: this.stack[this.stack.length - 1]?.route ?? '', query: {}, scene: 1001 }
    if (this.app) this.call(this.app, 'onShow', options)
    this.fake.emit('appShow', options)
    const top = this.stack[this.stack.length - 1]
    if (top) this.call(top, 'onShow')
  }

  /** The user switches to another app (a chat) for `ms`, then comes back. */
  async background(ms: number): Promise<void> {
    this.goBackground()
    await new Promise((r) => setTimeout(r, ms))
    this.goForeground()
  }

  /** How long a picker or preview keeps the app off the screen (the user choosing). */
  asideMs = 150

  /** A picker, a preview: the app goes to the background while it is open and comes back after. */
  private async aside<T>(work: () => Promise<T> | T): Promise<T> {
    this.goBackground()
    try {
      await new Promise((r) => setTimeout(r, this.asideMs))
      return await work()
    } finally {
      this.goForeground()
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.busy += 1
    this.pending.add(p)
    const done = () => {
      this.busy -= 1
      this.pending.delete(p)
      this.lastActivity = Date.now()
    }
    p.then(done, (error: unknown) => {
      done()
      this.errors.push(error)
    })
    return p
  }

  /** Waits until nothing has happened for `quietMs` (no request, setData or timer running). */
  async settle(quietMs = 60, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      await new Promise((r) => setTimeout(r, 10))
      if (this.busy === 0 && Date.now() - this.lastActivity >= quietMs) return
      if (Date.now() > deadline) throw new Error(`the app did not settle within ${timeoutMs} ms (${this.busy} calls in flight)`)
    }
  }

  /** Waits until `check` holds for the rendered screen. */
  async waitFor(check: (w: Weapp) => boolean, what: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (this.alive && this.stack.length && check(this)) return
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; on ${this.stack[this.stack.length - 1]?.route}: ${this.text().slice(0, 400)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  // ---- the network and the user -------------------------------------------------------------

  setOnline(online: boolean): void {
    this.fake.setOnline(online)
  }

  /** The next picker call returns these images (screenshots the user picks). */
  pick(...images: Buffer[]): void {
    this.host.picks.push(images)
  }

  /** The mini-program is killed: timers stop, the JS context is gone; storage and user files stay. */
  kill(): Device {
    this.alive = false
    for (const entry of this.timers.values()) if (entry.node) clearTimeout(entry.node)
    this.timers.clear()
    if (this.suspendTimer) clearTimeout(this.suspendTimer)
    this.fake.dropTempFiles()
    return this.device
  }

  // ---- the screen --------------------------------------------------------------------------

  private static gwx: ((path: string, json: string) => string) | null = null

  private static renderer() {
    if (!Weapp.gwx) {
      const sandbox: Data = { console: { ...console, log: () => undefined, warn: (...a: unknown[]) => renderWarnings.push(a.join(' ')) }, __wxAppCode__: {}, __vd_version_info__: {} }
      sandbox.window = sandbox
      vm.createContext(sandbox)
      // The page data is parsed inside the view's realm: wcc's runtime copies data for WXS only
      // when `constructor === Object` holds, which objects from another realm fail.
      vm.runInContext(`${compileTemplates()}\n;this.render = function (path, json) { return JSON.stringify($gwx(path)(JSON.parse(json), {}, {})) }`, sandbox)
      Weapp.gwx = sandbox.render as typeof Weapp.gwx
    }
    return Weapp.gwx as NonNullable<typeof Weapp.gwx>
  }

  /** The current page rendered by wcc from its data: the tree the view layer would build. */
  view(page: PageInstance = this.page): ViewNode {
    const raw = JSON.parse(Weapp.renderer()(`${page.route}.wxml`, JSON.stringify(page.data))) as RawNode
    return toViewNode(raw, null)
  }

  /** All visible text of the current page, joined. */
  text(): string {
    try {
      return textOf(this.view())
    } catch (error) {
      return `(render failed: ${String(error)})`
    }
  }

  /** Nodes whose class list has `className`. */
  byClass(className: string, root: ViewNode = this.view()): ViewNode[] {
    return findAll(root, (n) => String(n.attr.class ?? '').split(/\s+/).includes(className))
  }

  /** The innermost nodes whose own text contains `text`. */
  byText(text: string, root: ViewNode = this.view()): ViewNode[] {
    const hits = findAll(root, (n) => textOf(n).includes(text))
    return hits.filter((n) => !hits.some((m) => m !== n && isAncestor(n, m)))
  }

  /**
   * A tap on a node: from it outwards, each element bound to tap gets Taro's `eh` with that
   * element as currentTarget; a catchtap stops the walk (WeChat's bubbling). Then waits for the app
   * to settle, unless `settle` is false (a call on a slow link is still under way).
   */
  async tap(node: ViewNode, settle = true): Promise<void> {
    const page = this.page
    const target = { id: String(node.attr.id ?? ''), dataset: { sid: String(node.attr['data-sid'] ?? '') } }
    let handled = false
    for (let n: ViewNode | null = node; n; n = n.parent) {
      const bind = n.attr.bindtap ?? n.attr.catchtap
      if (typeof bind !== 'string' || bind === '') continue
      const current = { id: String(n.attr.id ?? ''), dataset: { sid: String(n.attr['data-sid'] ?? '') } }
      const event = { type: 'tap', timeStamp: Date.now(), target, currentTarget: current, detail: { x: 10, y: 10 }, touches: [], changedTouches: [], mark: {} }
      handled = true
      this.call(page, bind, event)
      if (n.attr.catchtap !== undefined) break
    }
    if (!handled) throw new Error(`nothing on the way up from <${node.tag} class="${String(node.attr.class ?? '')}"> listens to taps`)
    this.taps += 1
    if (settle) await this.settle()
  }

  /** Types into an input or textarea (bindinput then the value). */
  async input(node: ViewNode, value: string): Promise<void> {
    const bind = node.attr.bindinput
    if (typeof bind !== 'string') throw new Error(`<${node.tag}> takes no input`)
    const target = { id: String(node.attr.id ?? ''), dataset: { sid: String(node.attr['data-sid'] ?? '') } }
    this.call(this.page, bind, { type: 'input', timeStamp: Date.now(), target, currentTarget: target, detail: { value, cursor: value.length, keyCode: 0 } })
    await this.settle()
  }

  /** Taps the first node showing `text` that something listens to (a label saying the same is skipped). */
  async tapText(text: string, settle = true): Promise<void> {
    const hits = this.byText(text)
    const node = hits.find((n) => listensToTap(n)) ?? hits[0]
    if (!node) throw new Error(`no 「${text}」 on ${this.page.route}: ${this.text().slice(0, 300)}`)
    await this.tap(node, settle)
  }

  async tapClass(className: string, index = 0, settle = true): Promise<void> {
    const node = this.byClass(className)[index]
    if (!node) throw new Error(`no .${className} on ${this.page.route}`)
    await this.tap(node, settle)
  }

  /**
   * A tap on a `<button open-type="getPhoneNumber">`: WeChat asks the person, then calls
   * bindgetphonenumber with a one-time code (allowed) or `getPhoneNumber:fail user deny`.
   * Without a number bound to the device's WeChat, WeChat answers the failure too.
   */
  async tapPhoneButton(node: ViewNode, allow = true): Promise<void> {
    const bind = node.attr.bindgetphonenumber
    if (typeof bind !== 'string') throw new Error(`<${node.tag} class="${String(node.attr.class ?? '')}"> is not a phone button`)
    const target = { id: String(node.attr.id ?? ''), dataset: { sid: String(node.attr['data-sid'] ?? '') } }
    const phone = this.device.phone
    const detail = allow && phone ? { errMsg: 'getPhoneNumber:ok', code: `phone-${phone}` } : { errMsg: `getPhoneNumber:fail ${allow ? 'no phone number' : 'user deny'}` }
    this.call(this.page, bind, { type: 'getphonenumber', timeStamp: Date.now(), target, currentTarget: target, detail })
    this.taps += 1
    await this.settle()
  }

  /** The back arrow of WeChat's title bar (wx.navigateBack). */
  async back(): Promise<void> {
    this.host.navigate('navigateBack', '', 1)
    await this.settle()
  }

  taps = 0
}

const renderWarnings: string[] = []

/** What wcc's renderer printed (e.g. a template it could not find). */
export function takeRenderWarnings(): string[] {
  return renderWarnings.splice(0)
}

type RawNode = { tag?: string; attr?: Record<string, unknown>; children?: unknown[]; raw?: unknown } | string

function toViewNode(raw: RawNode, parent: ViewNode | null): ViewNode {
  if (typeof raw === 'string') return { tag: '#text', attr: {}, children: [raw], parent }
  const node: ViewNode = { tag: String(raw.tag ?? ''), attr: { ...(raw.attr ?? {}) }, children: [], parent }
  for (const child of raw.children ?? []) {
    if (typeof child === 'string') node.children.push(child)
    else if (child && typeof child === 'object') node.children.push(toViewNode(child as RawNode, node))
  }
  return node
}

export function textOf(node: ViewNode): string {
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('')
}

function findAll(root: ViewNode, match: (n: ViewNode) => boolean): ViewNode[] {
  const out: ViewNode[] = []
  const walk = (n: ViewNode) => {
    if (match(n)) out.push(n)
    for (const c of n.children) if (typeof c !== 'string') walk(c)
  }
  walk(root)
  return out
}

function listensToTap(node: ViewNode): boolean {
  for (let n: ViewNode | null = node; n; n = n.parent) if (typeof (n.attr.bindtap ?? n.attr.catchtap) === 'string') return true
  return false
}

function isAncestor(a: ViewNode, b: ViewNode): boolean {
  for (let n = b.parent; n; n = n.parent) if (n === a) return true
  return false
}


