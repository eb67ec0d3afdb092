import type { FastifyInstance } from 'fastify'
import { queryString, type Transport, type TransportResponse } from '../../src/api/transport'

/**
 * A transport over app.inject (no sockets) with faults injected per call:
 * - 'drop': the request never reaches the server (network error);
 * - 'lose': the server handles it and commits, the response is lost (network error);
 * - 'dup': the request is delivered twice at once, both copies handled concurrently (the client
 *   sees one of the answers);
 * - 'late': the request is delivered again after the first answer (a retry by the network);
 * - 'cut': the server restarts while it handles the request: the app is closed and built anew
 *   after a few turns of the event loop, and the client sees a network error, whatever the
 *   server had done by then;
 * - 'err': the server answers 503 without handling it.
 */
export type Fault = 'ok' | 'drop' | 'lose' | 'dup' | 'late' | 'cut' | 'err'

export class NetworkDown extends Error {}

export function injectTransport(
  app: () => FastifyInstance,
  nextFault: () => Fault,
  restart: () => Promise<void> = async () => undefined
): Transport & { calls: number; faults: number; cuts: number } {
  const state = { calls: 0, faults: 0, cuts: 0 }
  async function deliver(send: () => Promise<TransportResponse>): Promise<TransportResponse> {
    state.calls += 1
    const fault = nextFault()
    if (fault !== 'ok') state.faults += 1
    if (fault === 'drop') throw new NetworkDown('dropped before the server')
    if (fault === 'err') return { status: 503, data: { error: { code: 'UNAVAILABLE', message: '服务暂不可用' } } }
    if (fault === 'dup') {
      const [a, b] = await Promise.all([send(), send()])
      return state.calls % 2 ? a : b
    }
    if (fault === 'cut') {
      state.cuts += 1
      const inFlight = send().catch(() => undefined)
      for (let i = 0; i < state.calls % 4; i++) await new Promise((r) => setImmediate(r))
      await restart()
      await inFlight
      throw new NetworkDown('the server restarted while handling the request')
    }
    const first = await send()
    if (fault === 'lose') throw new NetworkDown('response lost after the server committed')
    if (fault === 'late') return send()
    return first
  }
  const transport: Transport & { calls: number; faults: number; cuts: number } = {
    get cuts() {
      return state.cuts
    },
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
