import fc from 'fast-check'
import sharp from 'sharp'
import type { FastifyInstance } from 'fastify'
import { NATIONAL_2019, type Answer } from '../../src/core'
import { createApiClient, type InspectionBody } from '../../src/api/client'
import { memoryFiles, sha256Hex } from '../../src/platform/files'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'
import { createSyncWorker } from '../../src/sync/worker'
import { buildApp } from '../../server/app'
import { submissionHash } from '../../server/services/inspections'
import { dialects, login, startServer, type TestServer } from '../server/harness'
import { injectTransport, type Fault } from './inject-transport'

/**
 * Exactly-once under faults: random schedules of dropped requests, lost responses, duplicate
 * deliveries, 503s, app restarts (outbox reloaded from storage) and server restarts, against the
 * real server and database. Invariant: the server ends with exactly the submitted inspections
 * (latest versions), each with all its screenshots, none twice; the outbox ends empty; nothing
 * parked; every local file deleted after its receipt.
 */
const RUNS: Record<string, number> = { sqlite: Number(process.env.PROPERTY_RUNS ?? 1000), postgres: Number(process.env.PROPERTY_RUNS_PG ?? 300) }

function answers(latestPost: string, note: string, evidence: string[]): Answer[] {
  return NATIONAL_2019.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : i.code === 'INT-1' && evidence.length > 0 ? 'fail' : 'pass',
    note: i.code === 'INT-1' && evidence.length > 0 ? note : '',
    value: i.rule ? latestPost : null,
    evidence: i.code === 'INT-1' ? evidence : []
  }))
}

describe.each(dialects)('the outbox against the real server on %s', (dialect) => {
  let server: TestServer
  let app: FastifyInstance
  let token: string
  let accounts: string[]
  const pool: Uint8Array[] = []
  const totals = { schedules: 0, faults: 0, calls: 0, appRestarts: 0, serverRestarts: 0, inspections: 0, screenshots: 0 }

  beforeAll(async () => {
    server = await startServer(dialect)
    app = server.app
    token = (await login(app, 'inspector')).authorization?.slice(7) ?? ''
    const list = await app.inject({ url: '/api/v1/rounds/r-2024q2/accounts?pageSize=100', headers: { authorization: `Bearer ${token}` } })
    accounts = list.json<{ items: { id: string }[] }>().items.map((a) => a.id)
    for (let i = 0; i < 10; i++) {
      pool.push(new Uint8Array(await sharp({ create: { width: 40 + i, height: 60, channels: 3, background: { r: i * 20, g: 100, b: 200 - i * 10 } } }).png().toBuffer()))
    }
  }, 60000)

  afterAll(async () => {
    console.log(
      `[${dialect}] fault schedules: ${totals.schedules}; faults injected: ${totals.faults} of ${totals.calls} calls; ` +
        `app restarts: ${totals.appRestarts}; server restarts: ${totals.serverRestarts}; inspections: ${totals.inspections}; screenshots: ${totals.screenshots}`
    )
    await server.close()
  })

  const submission = fc.record({
    account: fc.nat({ max: 99 }),
    checkpoint: fc.constantFrom('cp-2024q2-1', 'cp-2024q2-2'),
    photos: fc.uniqueArray(fc.nat({ max: 9 }), { maxLength: 3 }),
    resubmit: fc.boolean()
  })
  const schedule = fc.record({
    subs: fc.array(submission, { minLength: 1, maxLength: 3 }),
    faults: fc.array(fc.constantFrom<Fault>('ok', 'ok', 'drop', 'lose', 'dup', 'err'), { maxLength: 40 }),
    restarts: fc.array(fc.constantFrom('none', 'none', 'app', 'server'), { maxLength: 12 })
  })

  it(
    'delivers every submission exactly once with all its screenshots, whatever the faults',
    async () => {
      let run = 0
      await fc.assert(
        fc.asyncProperty(schedule, async ({ subs, faults, restarts }) => {
          run += 1
          totals.schedules += 1
          const storage = memoryStorage()
          const files = memoryFiles()
          let clock = 1_700_000_000_000
          let f = 0
          const transport = injectTransport(() => app, () => faults[f++] ?? 'ok')
          const api = createApiClient(transport, () => token)
          const makeWorker = (outbox: ReturnType<typeof createOutboxStore>) =>
            createSyncWorker({ outbox, api, files, now: () => clock, random: () => 0.5, schedule: () => undefined })
          let outbox = createOutboxStore({ storage })
          let worker = makeWorker(outbox)

          const latest = new Map<string, InspectionBody>()
          const bodies = new Map<string, number>()
          const enqueue = async (i: number, s: (typeof subs)[number], version: number) => {
            const clientId = `p-${dialect}-${run}-${i}`
            const kept = []
            for (const p of s.photos) {
              files.put(`tmp://${run}/${i}/${p}/${version}`, pool[p] as Uint8Array)
              kept.push(await files.keep(`tmp://${run}/${i}/${p}/${version}`))
            }
            const body: InspectionBody = {
              roundId: 'r-2024q2',
              checkpointId: s.checkpoint,
              accountId: accounts[s.account] as string,
              answers: answers(s.checkpoint === 'cp-2024q2-1' ? '2024-05-08' : '2024-06-20', `第${version}版：互动功能失效`, kept.map((k) => k.sha256))
            }
            latest.set(clientId, body)
            bodies.set(clientId, version)
            outbox.getState().enqueue({ kind: 'inspection', clientId, label: clientId, verdict: kept.length ? 'fail' : 'pass', body, photos: kept }, clock)
          }
          for (const [i, s] of subs.entries()) await enqueue(i, s, 1)

          let resubmitted = false
          for (let step = 0; step < 80; step++) {
            const restart = restarts[step] ?? 'none'
            if (restart === 'app') {
              totals.appRestarts += 1
              outbox = createOutboxStore({ storage })
              worker = makeWorker(outbox)
            } else if (restart === 'server') {
              totals.serverRestarts += 1
              await app.close()
              app = await buildApp({ deps: server.deps, demo: true })
            }
            await worker.kick()
            if (!resubmitted && step >= 1) {
              resubmitted = true
              for (const [i, s] of subs.entries()) if (s.resubmit) await enqueue(i, s, 2)
              continue
            }
            if (outbox.getState().entries.length === 0 && resubmitted) break
            clock += 10 * 60 * 1000
          }

          totals.faults += transport.faults
          totals.calls += transport.calls
          expect(outbox.getState().entries).toEqual([])
          expect(files.refs()).toEqual([])
          for (const [clientId, body] of latest) {
            const rows = await server.deps.db.selectFrom('inspections').select(['id', 'body_hash', 'version']).where('client_id', '=', clientId).execute()
            expect(rows).toHaveLength(1)
            const row = rows[0] as { id: string; body_hash: string; version: number }
            expect(row.body_hash).toBe(submissionHash(body))
            const versions = await server.deps.db.selectFrom('inspection_versions').select('body_hash').where('inspection_id', '=', row.id).execute()
            expect(new Set(versions.map((v) => v.body_hash)).size).toBe(versions.length)
            expect(versions.length).toBeLessThanOrEqual(bodies.get(clientId) ?? 0)
            const receipt = await app.inject({ url: `/api/v1/inspections/${clientId}`, headers: { authorization: `Bearer ${token}` } })
            expect(receipt.json()).toMatchObject({ complete: true, evidence: { missing: [] } })
            const expectedShots = new Set(body.answers.flatMap((a) => a.evidence))
            expect(receipt.json().evidence.held.sort()).toEqual([...expectedShots].sort())
            for (const sha of expectedShots) expect(sha256Hex(pool.find((p) => sha256Hex(p) === sha) as Uint8Array)).toBe(sha)
            totals.inspections += 1
            totals.screenshots += expectedShots.size
          }
        }),
        { numRuns: RUNS[dialect], seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined }
      )
    },
    20 * 60 * 1000
  )
})
