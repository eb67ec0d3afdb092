import type { FastifyInstance } from 'fastify'
import { queryString, type Transport, type TransportResponse } from '../../src/api/transport'

/**
 * A transport over app.inject (no sockets) with faults injected per call:
 * - 'drop': the request never reaches the server (network error);
 * - 'lose': the server handles it and commits, the response is lost (network error);
 * - 'dup': the request is delivered twice (the client sees the second answer);
 * - 'err': the server answers 503 without handling it.
 */
export type Fault = 'ok' | 'drop' | 'lose' | 'dup' | 'err'

export class NetworkDown extends Error {}

export function injectTransport(app: () => FastifyInstance, nextFault: () => Fault): Transport & { calls: number; faults: number } {
  const state = { calls: 0, faults: 0 }
  async function deliver(send: () => Promise<TransportResponse>): Promise<TransportResponse> {
    state.calls += 1
    const fault = nextFault()
    if (fault !== 'ok') state.faults += 1
    if (fault === 'drop') throw new NetworkDown('dropped before the server')
    if (fault === 'err') return { status: 503, data: { error: { code: 'UNAVAILABLE', message: '服务暂不可用' } } }
    const first = await send()
    if (fault === 'lose') throw new NetworkDown('response lost after the server committed')
    if (fault === 'dup') return send()
    return first
  }
  const transport: Transport & { calls: number; faults: number } = {
    get calls() {
      return state.calls
    },
    get faults() {
      return state.faults
    },
    request(req) {
      return deliver(async () => {
        const res = await app().inject({
          method: req.method,
          url: `/api/v1${req.path}${queryString(req.query)}`,
          headers: req.token ? { authorization: `Bearer ${req.token}` } : {},
          ...(req.body !== undefined ? { payload: req.body as Record<string, unknown> } : {})
        })
        return { status: res.statusCode, data: res.body ? res.json() : null }
      })
    },
    async upload(path, file, token) {
      const bytes = await file.bytes()
      if (!bytes) throw new Error('file gone')
      return deliver(async () => {
        const res = await app().inject({
          method: 'POST',
          url: `/api/v1${path}`,
          headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          payload: Buffer.from(bytes)
        })
        return { status: res.statusCode, data: res.json() }
      })
    },
    fileUrl: (path) => `/api/v1${path}`
  }
  return transport
}
