import { startFromEnv } from '../../server/start'

/**
 * The server as `server/main.ts` starts it, except that a PUT of an inspection whose client id is
 * in STALL_IDS (comma-separated) is held for STALL_MS (default 3000) at STALL_AT: `preHandler` (it came in, nothing written yet) or
 * `onSend` (written and committed, the answer not yet sent). The multiprocess test kills this
 * process while it holds a request, so the kill always lands mid-request, however busy the machine.
 */
const at = process.env.STALL_AT === 'onSend' ? 'onSend' : 'preHandler'
const ms = Number(process.env.STALL_MS ?? 3000)
const ids = new Set((process.env.STALL_IDS ?? '').split(',').filter(Boolean))
const stall = (url: string): Promise<void> =>
  url.startsWith('/api/v1/inspections/') && ids.has(url.slice('/api/v1/inspections/'.length).split('?')[0] ?? '')
    ? new Promise((r) => setTimeout(r, ms))
    : Promise.resolve()

startFromEnv((app) => {
  if (at === 'onSend') {
    app.addHook('onSend', async (request, _reply, payload) => {
      if (request.method === 'PUT') await stall(request.url)
      return payload
    })
  } else {
    app.addHook('preHandler', async (request) => {
      if (request.method === 'PUT') await stall(request.url)
    })
  }
}).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
