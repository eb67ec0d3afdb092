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
import { dialects, login, startServer, type TestServer } from '../server/harness'
import { injectTransport, type Fault } from './inject-transport'

/**
 * Exactly-once under faults: random schedules of dropped requests, lost responses, concurrent
 * and late duplicate deliveries, 503s, server restarts that interrupt a request in flight, app
 * restarts (outbox reloaded from storage) and server restarts between runs, against the real
 * server and database. Judged independently of the server's code: what the server stores is
 * compared with the bodies the client submitted (not with the server's own hash), and the stored
 * screenshot bytes with the phone's. Invariant: exactly the submitted inspections, each stored as
 * the latest body the client submitted, with every version the server received once and in
 * order, and all its screenshots; the outbox ends empty; nothing parked; every local file deleted
 * after its receipt.
 */
const RUNS: Record<string, number> = { sqlite: Number(process.env.PROPERTY_RUNS ?? 1000), postgres: Number(process.env.PROPERTY_RUNS_PG ?? 300) }

/** The checklist of one version: INT-1 carries the version's note whether it passes or fails, so two versions differ by the note alone. */
function answers(latestPost: string, note: string, evidence: string[]): Answer[] {
  return NATIONAL_2019.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : i.code === 'INT-1' && evidence.length > 0 ? 'fail' : 'pass',
    note: i.code === 'INT-1' ? note : '',
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
  const totals = { schedules: 0, faults: 0, calls: 0, cuts: 0, appRestarts: 0, serverRestarts: 0, inspections: 0, versions: 0, screenshots: 0 }

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
        `restarts mid-request: ${totals.cuts}; app restarts: ${totals.appRestarts}; server restarts: ${totals.serverRestarts}; ` +
        `inspections: ${totals.inspections} (${totals.versions} versions); screenshots: ${totals.screenshots}`
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
    faults: fc.array(fc.constantFrom<Fault>('ok', 'ok', 'ok', 'drop', 'lose', 'dup', 'late', 'cut', 'err'), { maxLength: 40 }),
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
          const restartServer = async () => {
            await app.close()
            app = await buildApp({ deps: server.deps, demo: true })
          }
          const transport = injectTransport(() => app, () => faults[f++] ?? 'ok', restartServer)
          const api = createApiClient(transport, () => token)
          const makeWorker = (outbox: ReturnType<typeof createOutboxStore>) =>
            createSyncWorker({ outbox, api, files, now: () => clock, random: () => 0.5, schedule: () => undefined })
          let outbox = createOutboxStore({ storage })
          let worker = makeWorker(outbox)

          /** Every body the client submitted per clientId, in order; and whether v1 was on the server when v2 was made. */
          const submitted = new Map<string, InspectionBody[]>()
          const v1Arrived = new Map<string, boolean>()
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
            if (version === 2) {
              const row = await server.deps.db.selectFrom('inspections').select('id').where('client_id', '=', clientId).executeTakeFirst()
              v1Arrived.set(clientId, row !== undefined)
            }
            submitted.set(clientId, [...(submitted.get(clientId) ?? []), body])
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
              await restartServer()
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
          totals.cuts += transport.cuts
          expect(outbox.getState().entries).toEqual([])
          expect(files.refs()).toEqual([])
          const db = server.deps.db
          const asSent = (b: InspectionBody) => JSON.parse(JSON.stringify(b)) as InspectionBody
          for (const [clientId, sent] of submitted) {
            const latest = sent[sent.length - 1] as InspectionBody
            const rows = await db.selectFrom('inspections').select(['id', 'version', 'account_id', 'checkpoint_id']).where('client_id', '=', clientId).execute()
            expect(rows).toHaveLength(1)
            const row = rows[0] as { id: string; version: number; account_id: string; checkpoint_id: string }
            expect([row.account_id, row.checkpoint_id]).toEqual([latest.accountId, latest.checkpointId])
            // Every version the server kept is a body the client sent, in the order sent, none twice, ending with the latest.
            const versions = (await db.selectFrom('inspection_versions').select(['version', 'body']).where('inspection_id', '=', row.id).orderBy('version').execute()).map((v) => JSON.parse(v.body) as InspectionBody)
            const sentDistinct = sent.filter((b, i) => i === 0 || JSON.stringify(b) !== JSON.stringify(sent[i - 1]))
            // A version 1 that had not reached the server when version 2 was made was replaced in the outbox: never sent.
            const expected = sentDistinct.length === 2 && !v1Arrived.get(clientId) ? [sentDistinct[1]] : sentDistinct
            expect(versions).toEqual(expected.map((b) => asSent(b as InspectionBody)))
            expect(row.version).toBe(versions.length)
            // The current results are the latest body's, item by item.
            const results = await db.selectFrom('inspection_results').select(['indicator_code', 'result', 'note', 'value']).where('inspection_id', '=', row.id).orderBy('indicator_code').execute()
            const stored = Object.fromEntries(results.map((r) => [r.indicator_code, { result: r.result, note: r.note, value: r.value }]))
            for (const a of latest.answers) {
              expect(stored[a.code]?.note).toBe(a.note)
              expect(stored[a.code]?.value ?? null).toBe(a.value)
              if (a.result) expect(stored[a.code]?.result).toBe(a.result)
            }
            const evidence = await db.selectFrom('inspection_evidence').select(['indicator_code', 'sha256']).where('inspection_id', '=', row.id).orderBy('seq').execute()
            expect(evidence.map((e) => `${e.indicator_code}:${e.sha256}`)).toEqual(latest.answers.flatMap((a) => a.evidence.map((sha) => `${a.code}:${sha}`)))
            // Each screenshot the server holds is byte for byte the phone's.
            for (const a of latest.answers) {
              for (const sha of a.evidence) {
                const original = await server.deps.evidence.get(sha, 'original')
                const phone = pool.find((p) => sha256Hex(p) === sha)
                expect(phone).toBeDefined()
                expect(original && Buffer.compare(original, Buffer.from(phone as Uint8Array))).toBe(0)
                totals.screenshots += 1
              }
            }
            totals.inspections += 1
            totals.versions += versions.length
          }
        }),
        { numRuns: RUNS[dialect], seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined }
      )
    },
    20 * 60 * 1000
  )
})
