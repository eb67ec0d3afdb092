import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { ROOT, startDemoServer } from '../test/e2e/harness'

/**
 * How fast the H5 app shows its first useful screen in Chromium on a phone-sized viewport, with
 * the CPU slowed 4× (a mid-range phone) and at full speed: the login list (a cold start: empty
 * cache, no service worker yet) and a signed-in home (a relaunch: session in storage, service
 * worker and cache warm). Median of RUNS loads each; also the JS the first screen downloads.
 *
 *   npm run build:h5 && npx tsx bench/h5-speed.ts [runs]
 */
const RUNS = Number(process.argv[2] ?? 5)
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function measure(url: string, throttle: number, signedIn: boolean): Promise<{ ms: number; jsBytes: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'gnm-speed-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  try {
    let page = context.pages()[0] ?? (await context.newPage())
    if (signedIn) {
      // A first visit signs in and lets the service worker take the app; the measured load is the relaunch.
      await page.goto(url)
      await page.evaluate(async () => navigator.serviceWorker?.ready)
      await page.locator('[data-username="inspector"]').click()
      await page.locator('.home-actions').waitFor()
      await page.waitForTimeout(300)
      // WeChat kills the app; it is opened again (a new page, same storage and service worker).
      await page.close()
      page = await context.newPage()
    }
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    let jsBytes = 0
    page.on('response', (res) => {
      if (/\.js(\?|$)/.test(res.url())) void res.body().then((b) => (jsBytes += b.length), () => undefined)
    })
    const started = Date.now()
    await page.goto(signedIn ? `${url}/#/pages/home/index` : url, { waitUntil: 'commit' })
    await page.locator(signedIn ? '.home-actions' : '.login-user').first().waitFor({ timeout: 30000 })
    const ms = Date.now() - started
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    return { ms, jsBytes }
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

function initialJs(): { files: number; brotli: number } {
  const html = readFileSync(join(ROOT, 'dist/h5/index.html'), 'utf8')
  const scripts = [...html.matchAll(/src="\/(js\/[^"]+\.js)"/g)].map((m) => m[1] ?? '')
  let brotli = 0
  for (const s of scripts) {
    const br = join(ROOT, 'dist/h5', `${s}.br`)
    brotli += statSync(br).size
  }
  return { files: scripts.length, brotli }
}

async function main(): Promise<void> {
  if (!readdirSync(join(ROOT, 'dist/h5')).includes('index.html')) throw new Error('build the H5 app first: npm run build:h5')
  const server = await startDemoServer()
  try {
    const js = initialJs()
    console.log(`initial scripts: ${js.files} files, ${(js.brotli / 1024).toFixed(1)} KiB brotli`)
    for (const [label, signedIn] of [['login list (cold start)', false], ['signed-in home (relaunch)', true]] as const) {
      for (const throttle of [1, 4]) {
        const times: number[] = []
        let bytes = 0
        for (let i = 0; i < RUNS; i++) {
          const r = await measure(server.url, throttle, signedIn)
          times.push(r.ms)
          bytes = r.jsBytes
        }
        console.log(`${label}, CPU ${throttle}×: median ${median(times)} ms (runs: ${times.join(', ')}); JS fetched ${(bytes / 1024).toFixed(0)} KiB`)
      }
    }
  } finally {
    await server.stop()
  }
}

void main()
