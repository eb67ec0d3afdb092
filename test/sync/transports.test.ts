import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { NATIONAL_2019 } from '../../src/core'
import { createApiClient } from '../../src/api/client'
import { createCloudTransport, MAX_TEXT_BODY, type CallContainer } from '../../src/api/cloud-transport'
import { createHttpsTransport } from '../../src/api/https-transport'
import { nodeTaroHttp } from './node-taro-http'
import type { Transport } from '../../src/api/transport'
import { dialects, startServer, type TestServer } from '../server/harness'

const MAX_BINARY_BODY = 20 * 1024 * 1024
const MAX_RESPONSE = 1000 * 1024

/** wx.cloud.callContainer as a Node shim, enforcing Cloud Hosting's body and response limits. */
function cloudShim(base: string, seen: { largestResponse: number }): CallContainer {
  return async (o) => {
    if (typeof o.data === 'string' && o.data.length > MAX_TEXT_BODY) throw new Error('callContainer: text body over 100 KiB')
    if (o.data instanceof ArrayBuffer && o.data.byteLength > MAX_BINARY_BODY) throw new Error('callContainer: binary body over 20 MiB')
    if (!o.header['X-WX-SERVICE']) throw new Error('callContainer: X-WX-SERVICE missing')
    const res = await fetch(base + o.path, { method: o.method, headers: o.header, body: o.data as string | ArrayBuffer | undefined })
    const text = await res.text()
    seen.largestResponse = Math.max(seen.largestResponse, Buffer.byteLength(text))
    if (Buffer.byteLength(text) > MAX_RESPONSE) throw new Error('callContainer: response over 1000 KiB')
    return { statusCode: res.status, data: text }
  }
}

describe.each(dialects)('both transports against the real server over loopback on %s', (dialect) => {
  let server: TestServer
  let base: string
  let shotPath: string
  beforeAll(async () => {
    server = await startServer(dialect)
    await server.app.listen({ port: 0, host: '127.0.0.1' })
    const address = server.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    shotPath = join(mkdtempSync(join(tmpdir(), 'gnm-transport-')), 'shot.png')
    writeFileSync(shotPath, await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 10, g: 200, b: 90 } } }).png().toBuffer())
  })
  afterAll(async () => {
    await server.close()
  })

  async function roundTrip(transport: Transport, clientId: string) {
    let token: string | null = null
    const api = createApiClient(transport, () => token)
    token = (await api.loginDemo('inspector')).token
    const accounts = await api.accounts('r-2024q2', { q: '无锡交通', platform: 'wechat', pageSize: 100 })
    const account = accounts.items[0]
    if (!account) throw new Error('no account')
    const receipt = await api.uploadEvidence({ path: shotPath, bytes: async () => new Uint8Array(readFileSync(shotPath)).buffer as ArrayBuffer })
    expect(receipt.width).toBe(300)
    const answers = NATIONAL_2019.indicators.map((i) => ({
      code: i.code,
      result: i.rule ? null : i.code === 'SEC-1' ? ('fail' as const) : ('pass' as const),
      note: i.code === 'SEC-1' ? '推文将局长姓名写错' : '',
      value: i.rule ? '2024-06-21' : null,
      evidence: i.code === 'SEC-1' ? [receipt.sha256] : []
    }))
    const stored = await api.putInspection(clientId, { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: account.id, answers })
    expect(stored).toMatchObject({ verdict: 'fail', complete: true, evidence: { held: [receipt.sha256], missing: [] } })
    const again = await api.inspectionReceipt(clientId)
    expect(again.id).toBe(stored.id)
    const big = await api.accounts('r-2024q2', { pageSize: 100 })
    expect(big.items).toHaveLength(100)
  }

  it('works over HTTPS through Taro.request and Taro.uploadFile (multipart)', async () => {
    await roundTrip(createHttpsTransport(base, nodeTaroHttp), `c-taro-${dialect}-01`)
  })

  it('works over Cloud Hosting through callContainer (raw image body), within its limits', async () => {
    const seen = { largestResponse: 0 }
    await roundTrip(createCloudTransport({ env: 'prod-test', service: 'inspection-api', callContainer: cloudShim(base, seen), fileBase: base }), `c-cloud-${dialect}-01`)
    expect(seen.largestResponse).toBeLessThan(MAX_RESPONSE)
  })
})
