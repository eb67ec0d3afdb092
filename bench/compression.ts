import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { openPhone, startDemoServer } from '../test/e2e/harness'

/**
 * What the H5 build keeps (and later uploads) for a picked screenshot: real phone-sized
 * screenshots (our own pages at 390×844, DPR 3 → 1170×2532 PNG, as an iPhone would save them)
 * go through the app's own picker and compression; the bytes kept in IndexedDB are measured.
 * Run: `npm run build:h5 && npx tsx bench/compression.ts`.
 */
async function main(): Promise<void> {
  const server = await startDemoServer()
  const phone = await openPhone()
  const { page } = phone
  const dir = mkdtempSync(join(tmpdir(), 'gnm-compress-'))
  try {
    // 1. Real screenshots at iPhone resolution, taken of the demo's own pages.
    const shots: string[] = []
    const big = await openPhone({ width: 390, height: 844, scale: 3 })
    const shooter = big.page
    await shooter.goto(`${server.url}/`)
    await shooter.locator('[data-username="inspector"]').click()
    await shooter.locator('.home-rate-value').waitFor()
    await shooter.waitForTimeout(500)
    shots.push(join(dir, 'home.png'))
    await shooter.screenshot({ path: shots[0] as string })
    await shooter.getByText('开始检查', { exact: true }).click()
    await shooter.locator('.account').first().waitFor()
    await shooter.waitForTimeout(500)
    shots.push(join(dir, 'accounts.png'))
    await shooter.screenshot({ path: shots[1] as string })
    // A photo-like screenshot (a video frame in a Douyin account): noise compresses poorly.
    const photo = join(dir, 'photo.jpg')
    writeFileSync(photo, await sharp({ create: { width: 1170, height: 2532, channels: 3, background: { r: 90, g: 120, b: 140 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } }).jpeg({ quality: 92 }).toBuffer())
    shots.push(photo)

    // 2. Through the app: pick each into a failed item; read back what IndexedDB keeps.
    await page.goto(`${server.url}/`)
    await page.locator('[data-username="inspector"]').click()
    await page.getByText('开始检查', { exact: true }).click()
    await page.locator('.account').first().click()
    await page.locator('#ind-SEC-1 .seg-fail').click()
    const readStore = () =>
      page.evaluate(
        () =>
          new Promise<{ key: string; size: number; type: string }[]>((resolve, reject) => {
            const req = indexedDB.open('gnm-evidence', 1)
            req.onupgradeneeded = () => req.result.createObjectStore('files')
            req.onsuccess = () => {
              const db = req.result
              const store = db.transaction('files').objectStore('files')
              const keys = store.getAllKeys()
              const values = store.getAll()
              values.onsuccess = () => {
                resolve((values.result as Blob[]).map((b, i) => ({ key: String(keys.result[i]), size: b.size, type: b.type })))
                db.close()
              }
              values.onerror = () => reject(values.error)
            }
            req.onerror = () => reject(req.error)
          })
      )
    const kept: ({ size: number; type: string } | undefined)[] = []
    for (const file of shots) {
      const seen = new Set((await readStore()).map((x) => x.key))
      const before = await page.locator('#ind-SEC-1 .photo').count()
      const chooser = page.waitForEvent('filechooser')
      await page.locator('#ind-SEC-1 .photo-add').click()
      await (await chooser).setFiles(file)
      await page.locator('#ind-SEC-1 .photo').nth(before).waitFor()
      kept.push((await readStore()).find((x) => !seen.has(x.key)))
    }
    console.log('picked screenshot → kept for upload (H5 build, long side ≤ 1600, JPEG quality 0.8)')
    for (const [i, file] of shots.entries()) {
      const meta = await sharp(file).metadata()
      const k = kept[i]
      console.log(
        `  ${file.split('/').pop()?.padEnd(13)} ${meta.width}×${meta.height} ${(statSync(file).size / 1024).toFixed(0).padStart(5)} KiB → ${k ? `${(k.size / 1024).toFixed(0).padStart(4)} KiB ${k.type}` : 'missing'}`
      )
    }
    await big.close()
  } finally {
    await phone.close()
    await server.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
