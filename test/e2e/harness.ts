import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = resolve(__dirname, '../..')
export const SHOTS = join(ROOT, 'test-results', 'screenshots')

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

export interface DemoServer {
  url: string
  /** The operator's command line against this server's database (`npm run -s admin -- …`): its output. */
  admin?(args: string[]): string
  dataDir: string
  /** What the server printed so far. */
  output(): string
  stop(): Promise<void>
}

/**
 * A demo server on a fresh SQLite database, serving the H5 build (dist/h5) on a free port. OCR (when
 * installed) only when asked for: each server would load its models.
 */
export async function startDemoServer(opts: { ocr?: boolean; demo?: boolean } = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gnm-e2e-'))
  const port = await freePort()
  // demo: false is a new office's server (`npm run serve`): no demo users, no seeded round.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts'), ...(opts.demo === false ? [] : ['--demo'])], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', STATIC_DIR: join(ROOT, 'dist/h5'), OCR: opts.ocr ? '' : 'off' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30000
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/health`)
      if (res.ok) break
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`demo server did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    dataDir,
    admin: (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' }),
    output: () => output,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 300))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * Picks a demo user on the login page and, when given, opens one of the home page's actions by its
 * title. `again`: the page is signed in as someone else, so go to the login page itself.
 */
export async function signIn(page: Page, server: DemoServer, username: string, action?: string, again = false): Promise<void> {
  await page.goto(again ? `${server.url}/#/pages/login/index` : `${server.url}/`)
  await page.locator(`[data-username="${username}"]`).click()
  if (action) await page.getByText(action, { exact: true }).click()
}

export interface Phone {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** Debian's Chromium as a phone (375×812 at 2× unless told otherwise). */
export async function openPhone(
  size: { width: number; height: number; scale: number } = { width: 375, height: 812, scale: 2 },
  options: { serviceWorkers?: 'allow' | 'block' } = {}
): Promise<Phone> {
  const profile = mkdtempSync(join(tmpdir(), 'gnm-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: options.serviceWorkers ?? 'allow'
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SHOTS, { recursive: true })
  const path = join(SHOTS, `${name}.png`)
  // Let Taro's page transition finish; a screenshot mid-slide shows an empty page.
  await page.waitForTimeout(450)
  await page.screenshot({ path, fullPage })
  return path
}

/**
 * The texts of every match once `ready` holds for them. Lists that render twice (what a store held,
 * then the fresh page) can be replaced between a wait and a read; polling reads one settled copy.
 */
export async function textsWhen(locator: Locator, ready: (texts: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
  const until = Date.now() + timeoutMs
  let texts: string[] = []
  while (Date.now() < until) {
    texts = await locator.allInnerTexts()
    if (ready(texts)) return texts
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`texts never became ready within ${timeoutMs} ms; last read: ${JSON.stringify(texts)}`)
}

/** Picks a spreadsheet on the import page: the file dialog the button opens, answered with `buffer`. */
export async function pickSpreadsheet(page: Page, trigger: string, name: string, buffer: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.import-pick:visible', { hasText: trigger }).click()])
  await chooser.setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
}
