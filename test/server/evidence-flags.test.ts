import sharp from 'sharp'
import { multipart, nationalAnswers } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'
import { phoneScreenshot, reencoded, resized } from './screens'
import { fingerprintDistance, imageFingerprint, SIMILAR_BELOW } from '../../server/storage/fingerprint'

/** Rectification screenshots that prove nothing are flagged to the reviewer, with the matching image. */

describe('screenshot fingerprints', () => {
  it('keep copies (re-encoded, resized, both) under the threshold and different screenshots of one layout above it', async () => {
    const copies: number[] = []
    const different: number[] = []
    for (const layout of ['articles', 'feed', 'menu'] as const) {
      const prints: string[] = []
      for (let seed = 0; seed < 6; seed++) {
        const png = await phoneScreenshot(layout, seed)
        const print = await imageFingerprint(png)
        prints.push(print)
        for (const copy of [await reencoded(png), await resized(png), await reencoded(await resized(png, 0.8), 75)]) copies.push(fingerprintDistance(print, await imageFingerprint(copy)))
      }
      for (let i = 0; i < prints.length; i++) for (let j = i + 1; j < prints.length; j++) different.push(fingerprintDistance(prints[i] as string, prints[j] as string))
    }
    expect(Math.max(...copies)).toBeLessThan(SIMILAR_BELOW)
    expect(Math.min(...different)).toBeGreaterThanOrEqual(SIMILAR_BELOW)
    expect(fingerprintDistance('00ff', '00ff')).toBe(0)
    expect(fingerprintDistance('00ff', '0000')).toBe(127.5)
    expect(fingerprintDistance('00', '0000')).toBe(Infinity)
  }, 60000)
})

describe.each(dialects)('evidence flags on the review page (%s)', (dialect) => {
  let server: TestServer
  let liaison: Record<string, string>
  let inspector: Record<string, string>
  let issueId: string
  let finding: string
  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date('2024-07-10T02:00:00Z')
    liaison = await login(server.app, 'liaison-wjw')
    inspector = await login(server.app, 'inspector')
    const item = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0]
    issueId = item.id
    finding = item.evidence[0]
  }, 30000)
  afterAll(() => server.close())

  const upload = async (bytes: Buffer, headers = liaison) => {
    const body = multipart(bytes, 'shot.png')
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, ...body.headers }, payload: body.payload })
    expect(res.statusCode).toBeLessThan(300)
    return res.json().sha256 as string
  }
  let n = 0
  /** The liaison answers with these screenshots, the inspector returns it; answers the answer's flags as the inspector sees them. */
  const answerWith = async (evidence: string[]) => {
    n += 1
    // Each answer and return a minute apart, so the timeline has them in order.
    server.deps.now = () => new Date(Date.parse('2024-07-10T02:00:00Z') + n * 60000)
    const res = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-flags-${n}`, headers: liaison, payload: { note: `第${n}次整改`, evidence } })
    expect(res.statusCode).toBe(200)
    const detail = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: inspector })).json()
    await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/reviews/rev-flags-${n}`, headers: inspector, payload: { decision: 'return', reason: '请重新截图' } })
    return detail.timeline.filter((t: { action: string }) => t.action === 'answer').at(-1).flags ?? []
  }

  it('flags the finding’s own screenshot (identical) and its re-encoded and resized copies (similar)', async () => {
    const original = (await server.app.inject({ url: `/api/v1/evidence/${finding}`, headers: inspector })).rawPayload
    const jpeg = await upload(await sharp(original).jpeg({ quality: 60 }).toBuffer())
    const half = await upload(await resized(original))
    const flags = await answerWith([finding, jpeg, half])
    expect(flags).toEqual([
      { sha256: finding, kind: 'identical', distance: 0, match: expect.objectContaining({ sha256: finding, source: 'finding', account: '健康无锡' }) },
      { sha256: jpeg, kind: 'similar', distance: expect.any(Number), match: expect.objectContaining({ sha256: finding, source: 'finding' }) },
      { sha256: half, kind: 'similar', distance: expect.any(Number), match: expect.objectContaining({ sha256: finding, source: 'finding' }) }
    ])
    for (const f of flags.slice(1)) expect(f.distance).toBeLessThan(SIMILAR_BELOW)
  })

  it('does not flag a new screenshot of the same page layout, and flags a copy of an earlier answer’s', async () => {
    const first = await phoneScreenshot('articles', 11)
    expect(await answerWith([await upload(first)])).toEqual([])
    expect(await answerWith([await upload(await phoneScreenshot('articles', 12))])).toEqual([])
    const copy = await upload(await reencoded(first, 70))
    expect(await answerWith([copy])).toEqual([{ sha256: copy, kind: 'similar', distance: expect.any(Number), match: expect.objectContaining({ source: 'earlier-answer', account: '健康无锡' }) }])
  })

  it('flags a screenshot used for another account in the round, naming that account', async () => {
    // The inspector fails another account with a screenshot of its page.
    const accounts = (await server.app.inject({ url: '/api/v1/rounds/r-2024q2/accounts?q=%E6%97%A0%E9%94%A1%E4%BA%BA%E7%A4%BE&pageSize=5', headers: inspector })).json().items
    const other = accounts.find((a: { name: string }) => a.name === '无锡人社')
    const feed = await phoneScreenshot('feed', 5)
    const sha = await upload(feed, inspector)
    const put = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/inspections/c-flags-other-1',
      headers: inspector,
      payload: { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: other.id, answers: nationalAnswers('2024-06-20', { 'SEC-1': { result: 'fail', note: '错别字', evidence: [sha] } }) }
    })
    expect(put.statusCode).toBeLessThan(300)
    const copy = await upload(await resized(feed, 0.6))
    expect(await answerWith([copy])).toEqual([{ sha256: copy, kind: 'similar', distance: expect.any(Number), match: expect.objectContaining({ sha256: sha, source: 'other-account', account: '无锡人社' }) }])
  })

  it('shows the flags to the office’s reviewers, not to the liaison, and fills in fingerprints of older screenshots', async () => {
    const admin = await login(server.app, 'admin')
    const withFlags = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: admin })).json().timeline.filter((t: { flags?: unknown[] }) => t.flags)
    expect(withFlags.length).toBeGreaterThan(0)
    const liaisonView = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json().timeline
    expect(liaisonView.some((t: { flags?: unknown[] }) => t.flags)).toBe(false)
    // A screenshot stored before fingerprints existed gets one when it is next compared.
    await server.deps.db.updateTable('evidence').set({ phash: null }).where('sha256', '=', finding).execute()
    const again = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: admin })).json().timeline.filter((t: { flags?: unknown[] }) => t.flags)
    expect(again).toEqual(withFlags)
    const row = await server.deps.db.selectFrom('evidence').select('phash').where('sha256', '=', finding).executeTakeFirstOrThrow()
    expect(row.phash).toHaveLength(1024)
  })
})
