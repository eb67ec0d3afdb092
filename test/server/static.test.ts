import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { migrateToLatest, openDatabase } from '../../server/db'
import { defaultIds } from '../../server/deps'
import { LocalEvidenceStore } from '../../server/storage/evidence-store'

describe('the H5 app as the server hands it out', () => {
  let app: FastifyInstance
  let dir: string
  let close: () => Promise<void>
  const js = 'console.log("政务新媒体检查");'.repeat(50)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gnm-static-'))
    const h5 = join(dir, 'h5')
    mkdirSync(join(h5, 'js'), { recursive: true })
    writeFileSync(join(h5, 'index.html'), '<!DOCTYPE html><title>政务新媒体检查</title>')
    writeFileSync(join(h5, 'js/app.b29cc5f3.js'), js)
    writeFileSync(join(h5, 'js/app.b29cc5f3.js.gz'), gzipSync(js))
    writeFileSync(join(h5, 'js/app.b29cc5f3.js.br'), brotliCompressSync(js))
    writeFileSync(join(h5, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    const database = openDatabase({ file: ':memory:' })
    await migrateToLatest(database)
    app = await buildApp({ deps: { db: database.db, evidence: new LocalEvidenceStore(join(dir, 'evidence')), now: () => new Date(), newId: defaultIds() }, demo: false, staticDir: h5 })
    close = async () => {
      await app.close()
      await database.close()
    }
  })
  afterAll(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends hashed scripts brotli- or gzip-compressed, cached for a year', async () => {
    const br = await app.inject({ url: '/js/app.b29cc5f3.js', headers: { 'accept-encoding': 'br, gzip' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.rawPayload.length).toBeLessThan(js.length / 4)
    const gz = await app.inject({ url: '/js/app.b29cc5f3.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    const plain = await app.inject({ url: '/js/app.b29cc5f3.js' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(js)
  })

  it('has the page and the service worker checked on every load', async () => {
    const page = await app.inject({ url: '/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-cache')
    expect((await app.inject({ url: '/sw.js' })).headers['cache-control']).toBe('no-cache')
  })
})
