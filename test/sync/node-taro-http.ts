import { readFileSync } from 'node:fs'
import type { TaroHttp } from '../../src/api/https-transport'

/** Taro.request / Taro.uploadFile as a Node shim over fetch: what the phone does over HTTPS (tests and benches). */
export const nodeTaroHttp: TaroHttp = {
  async request(o) {
    const res = await fetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
    const text = await res.text()
    return { statusCode: res.status, data: text ? JSON.parse(text) : null }
  },
  async uploadFile(o) {
    const form = new FormData()
    form.append(o.name, new Blob([readFileSync(o.filePath)]), o.filePath.split('/').pop() ?? 'shot')
    const res = await fetch(o.url, { method: 'POST', headers: o.header, body: form })
    return { statusCode: res.status, data: await res.text() }
  }
}
