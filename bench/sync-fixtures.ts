import { readFileSync } from 'node:fs'
import { NATIONAL_2019, type Answer } from '../src/core'
import type { TaroHttp } from '../src/api/https-transport'

/** Taro.request / Taro.uploadFile as a Node shim over fetch: what the phone does over HTTPS. */
export const nodeTaroHttp: TaroHttp = {
  async request(o) {
    const res = await fetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
    const text = await res.text()
    return { statusCode: res.status, data: text ? JSON.parse(text) : null }
  },
  async uploadFile(o) {
    const form = new FormData()
    form.append(o.name, new Blob([readFileSync(o.filePath)]), 'shot.jpg')
    const res = await fetch(o.url, { method: 'POST', headers: o.header, body: form })
    return { statusCode: res.status, data: await res.text() }
  }
}

/** A failing national-2019 inspection: one wording error with its screenshots, the rest passing. */
export function failingAnswers(evidence: string[], i: number): Answer[] {
  return NATIONAL_2019.indicators.map((ind) => ({
    code: ind.code,
    result: ind.rule ? null : ind.code === 'SEC-1' ? 'fail' : 'pass',
    note: ind.code === 'SEC-1' ? `第${i + 1}条推文职务表述错误` : '',
    value: ind.rule ? '2024-06-22' : null,
    evidence: ind.code === 'SEC-1' ? evidence : []
  }))
}
