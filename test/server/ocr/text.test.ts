import { createHash } from 'node:crypto'
import type { OcrLine } from '../../../src/core'
import { createOcrQueue, MAX_ATTEMPTS } from '../../../server/ocr/queue'
import { OcrError, type OcrRead, type OcrReader } from '../../../server/ocr/reader'
import { dialects, login, startServer, type TestServer } from '../harness'
import { multipart, nationalAnswers, png } from '../fixtures'

const line = (text: string, y = 0): OcrLine => ({ text, box: [10, y, 300, 40], confidence: 0.99 })

/** A reader whose answers the test decides, image by image (the child process has its own tests). */
function scriptedReader() {
  const answers: ((bytes: Buffer) => Promise<OcrRead>)[] = []
  let fallback: (bytes: Buffer) => Promise<OcrRead> = async () => ({ width: 750, height: 1624, lines: [line('默认文字')], ms: 5 })
  const reader: OcrReader = {
    warm: async () => 0,
    read: (bytes) => (answers.shift() ?? fallback)(bytes),
    stats: () => ({ images: 0, children: 0, timeouts: 0, rss: 0, peakRss: 0 }),
    close: async () => undefined
  }
  return {
    reader,
    reset: () => {
      answers.length = 0
    },
    next: (f: (bytes: Buffer) => Promise<OcrRead>) => answers.push(f),
    always: (f: (bytes: Buffer) => Promise<OcrRead>) => {
      fallback = f
    }
  }
}

describe.each(dialects)('screenshot text (OCR) on %s', (dialect) => {
  let server: TestServer
  let inspector: Record<string, string>
  let admin: Record<string, string>
  let script: ReturnType<typeof scriptedReader>
  beforeAll(async () => {
    server = await startServer(dialect)
    script = scriptedReader()
    inspector = await login(server.app, 'inspector')
    admin = await login(server.app, 'admin')
  })
  afterAll(async () => {
    await server.deps.ocr?.stop()
    await server.close()
  })

  beforeEach(() => script.reset())

  let seed = 500
  const upload = async (headers = inspector) => {
    const bytes = await png(seed++, 300, 600)
    const body = multipart(bytes)
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, ...body.headers }, payload: body.payload })
    expect(res.statusCode).toBe(201)
    return createHash('sha256').update(bytes).digest('hex')
  }
  const text = (sha: string, headers = inspector) => server.app.inject({ url: `/api/v1/evidence/${sha}/text`, headers })
  const withOcr = () => {
    server.deps.ocr = createOcrQueue(server.deps, script.reader)
    return server.deps.ocr
  }

  it('without OCR a screenshot’s text is "off", and nothing else changes', async () => {
    delete server.deps.ocr
    const sha = await upload()
    const res = await text(sha)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ sha256: sha, status: 'off', width: null, height: null, lines: [], hits: [], error: null, uploadedAt: expect.any(String), now: expect.any(String) })
    expect(Date.parse(res.json().now)).toBeGreaterThanOrEqual(Date.parse(res.json().uploadedAt))
  })

  it('an upload is read after the answer: pending, then the lines with their boxes and the suspected wording errors', async () => {
    const queue = withOcr()
    let release = () => undefined as void
    const gate = new Promise<void>((done) => (release = done))
    script.next(async () => {
      await gate
      return { width: 1170, height: 2532, lines: [line('深入学习《中华人名共和国行政处罚法》', 100), line('6月18日 阅读 3256', 160)], ms: 1300 }
    })
    const sha = await upload()
    expect((await text(sha)).json()).toMatchObject({ status: 'pending', lines: [] })
    release()
    await queue.idle()
    const body = (await text(sha)).json()
    expect(body).toMatchObject({ status: 'done', width: 1170, height: 2532, error: null })
    expect(body.lines).toEqual([line('深入学习《中华人名共和国行政处罚法》', 100), line('6月18日 阅读 3256', 160)])
    expect(body.hits).toEqual([
      {
        wrong: '中华人名共和国',
        right: '中华人民共和国',
        source: '《中华人民共和国宪法》',
        quote: '深入学习《中华人名共和国行政处罚法》',
        line: 0,
        box: [10, 100, 300, 40],
        category: '政治术语',
        reason: '政治术语：「中华人名共和国」应为「中华人民共和国」',
        confidence: 0.99
      }
    ])
    const row = await server.deps.db.selectFrom('evidence_text').selectAll().where('sha256', '=', sha).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'done', attempts: 1, engine: 'PP-OCRv4', ms: 1300, text: '深入学习《中华人名共和国行政处罚法》6月18日阅读3256' })
  })

  it('a read that fails is tried once more; failing again it is stored as failed with the reason', async () => {
    const queue = withOcr()
    script.next(async () => {
      throw new OcrError('识别超过 60000 ms，已中止', 'OCR_TIMEOUT')
    })
    const once = await upload()
    await queue.idle()
    // A first failure left behind by a restart is read again by the next sweep.
    const left = await upload()
    await queue.idle()
    await server.deps.db.updateTable('evidence_text').set({ status: 'failed', attempts: 1, error: '进程重启' }).where('sha256', '=', left).execute()
    const fresh = createOcrQueue(server.deps, script.reader)
    expect(await fresh.sweep()).toBeGreaterThanOrEqual(1)
    await fresh.idle()
    expect((await text(left)).json()).toMatchObject({ status: 'done' })
    expect((await text(once)).json()).toMatchObject({ status: 'done', lines: [line('默认文字')] })
    expect((await server.deps.db.selectFrom('evidence_text').select('attempts').where('sha256', '=', once).executeTakeFirstOrThrow()).attempts).toBe(2)

    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      script.next(async () => {
        throw new OcrError('无法解码图片', 'OCR_FAILED')
      })
    }
    const twice = await upload()
    await queue.idle()
    expect((await text(twice)).json()).toMatchObject({ status: 'failed', error: '无法解码图片', lines: [] })
    // Queued again (a sweep, a second upload), a failed screenshot is not read a third time.
    let reads = 0
    script.next(async () => {
      reads += 1
      return { width: 1, height: 1, lines: [], ms: 1 }
    })
    queue.enqueue(twice)
    await queue.idle()
    expect(reads).toBe(0)
  })

  it('when the engine is unavailable nothing is stored and the sweep reads it later', async () => {
    const queue = withOcr()
    script.next(async () => {
      throw new OcrError('模型文件缺失', 'OCR_UNAVAILABLE')
    })
    const sha = await upload()
    await queue.idle()
    expect(await server.deps.db.selectFrom('evidence_text').select('sha256').where('sha256', '=', sha).executeTakeFirst()).toBeUndefined()
    expect((await text(sha)).json().status).toBe('pending')
    expect(await queue.sweep()).toBeGreaterThanOrEqual(1)
    await queue.idle()
    expect((await text(sha)).json()).toMatchObject({ status: 'done', lines: [line('默认文字')] })
    // Everything was read now, the demo's screenshots too: a second sweep queues nothing.
    expect(await queue.sweep()).toBe(0)
  })

  it('a screenshot’s text is as private as the screenshot: another department’s liaison gets 404, a bad digest 400', async () => {
    withOcr()
    const liaison = await login(server.app, 'liaison-xishan')
    const sha = await upload()
    await server.deps.ocr?.idle()
    expect((await text(sha, liaison)).statusCode).toBe(404)
    expect((await text('0'.repeat(64), inspector)).statusCode).toBe(404)
    const bad = await text('not-a-digest')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('EVIDENCE_ID_INVALID')
  })

  it('the admin extends the dictionary; the new wrong form is found; removing it is in the audit trail', async () => {
    const queue = withOcr()
    script.next(async () => ({ width: 750, height: 1624, lines: [line('锡山区东港镇人民政付办公室'), line('东港真政务服务中心')], ms: 3 }))
    const sha = await upload()
    await queue.idle()
    expect((await text(sha)).json().hits.map((h: { wrong: string }) => h.wrong)).toEqual(['人民政付'])

    const refused = await server.app.inject({ method: 'POST', url: '/api/v1/wording-terms', headers: inspector, payload: { wrong: '东港真', right: '东港镇', source: '区划' } })
    expect(refused.statusCode).toBe(403)
    const added = await server.app.inject({ method: 'POST', url: '/api/v1/wording-terms', headers: admin, payload: { wrong: ' 东港真 ', right: '东港镇', source: '《锡山区行政区划》' } })
    expect(added.statusCode).toBe(201)
    expect(added.json()).toEqual({ id: expect.any(String), wrong: '东港真', right: '东港镇', source: '《锡山区行政区划》', category: '本单位错敏词库', shipped: false })
    const hits = (await text(sha)).json().hits as { wrong: string; right: string; line: number }[]
    expect(hits.map((h) => [h.wrong, h.right, h.line])).toEqual([
      ['人民政付', '人民政府', 0],
      ['东港真', '东港镇', 1]
    ])

    const list = (await server.app.inject({ url: '/api/v1/wording-terms', headers: inspector })).json().items as { id: string | null; wrong: string; shipped: boolean }[]
    expect(list.filter((t) => t.shipped).length).toBeGreaterThanOrEqual(25)
    expect(list[list.length - 1]).toMatchObject({ wrong: '东港真', shipped: false })

    for (const [payload, code] of [
      [{ wrong: '东港真', right: '东港镇', source: '重复' }, 'TERM_EXISTS'],
      [{ wrong: '中华人名共和国', right: '中华人民共和国', source: '重复的内置词条' }, 'TERM_EXISTS'],
      [{ wrong: '港', right: '东港镇', source: '太短' }, 'TERM_INVALID'],
      [{ wrong: '东港镇', right: '东港镇', source: '相同' }, 'TERM_INVALID'],
      [{ wrong: '东港', right: '东港镇', source: '正确写法的一部分' }, 'TERM_INVALID'],
      [{ wrong: '东港真镇', right: '东港镇', source: '' }, 'TERM_INVALID']
    ] as const) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/wording-terms', headers: admin, payload })
      expect([res.json().error.code, res.json().error.message]).toEqual([code, expect.any(String)])
    }
    const extra = await server.app.inject({ method: 'POST', url: '/api/v1/wording-terms', headers: admin, payload: { wrong: '东港真镇', right: '东港镇', source: '区划', extra: 1 } })
    expect(extra.statusCode).toBe(400)
    expect((await server.app.inject({ url: '/api/v1/wording-terms', headers: inspector })).json().items).toHaveLength(list.length)

    const id = added.json().id as string
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/wording-terms/${id}`, headers: admin })).json()).toEqual({ ok: true })
    const again = await server.app.inject({ method: 'DELETE', url: `/api/v1/wording-terms/${id}`, headers: admin })
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'NOT_FOUND'])
    expect((await text(sha)).json().hits.map((h: { wrong: string }) => h.wrong)).toEqual(['人民政付'])
    const audit = (await server.app.inject({ url: '/api/v1/audit?entity=wording-term', headers: admin })).json().items as { summary: string }[]
    expect(audit.map((a) => a.summary).slice(0, 2)).toEqual(['王珊 从错敏词库中删除「东港真」', '王珊 在错敏词库中加入「东港真」→「东港镇」'])
  })

  it('search finds the accounts whose current inspections’ screenshots show a phrase, within the caller’s scope', async () => {
    const queue = withOcr()
    script.always(async () => ({ width: 750, height: 1624, lines: [line('会议要求优化营商'), line('环竟，提升服务')], ms: 3 }))
    const sha = await upload()
    // A new inspection of one of the inspector's accounts at the second checkpoint, failing SEC-1 with that screenshot.
    const account = await server.deps.db
      .selectFrom('round_accounts as ra')
      .innerJoin('accounts as a', 'a.id', 'ra.account_id')
      .where('ra.round_id', '=', 'r-2024q2')
      .where('ra.inspector_id', '=', 'u-inspector')
      .select(['a.id', 'a.name'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow()
    const answers = nationalAnswers('2024-06-25', { 'SEC-1': { result: 'fail', note: '营商环竟', evidence: [sha] } })
    const put = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/inspections/c-ocr-search-1',
      headers: inspector,
      payload: { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: account.id, answers }
    })
    expect(put.statusCode).toBe(201)
    await queue.idle()

    const search = (q: string, headers: Record<string, string>) => server.app.inject({ url: `/api/v1/rounds/r-2024q2/evidence-search?q=${encodeURIComponent(q)}`, headers })
    const found = (await search('营商 环竟', admin)).json()
    expect(found).toMatchObject({ q: '营商环竟', truncated: false })
    expect(found.items).toEqual([
      { accountId: account.id, accountName: account.name, platform: expect.any(String), platformName: expect.any(String), unitName: expect.any(String), checkpointId: 'cp-2024q2-2', checkpointDate: expect.any(String), sha256: sha, quote: '会议要求优化营商环竟，提升服务' }
    ])
    expect(found.unread).toBeGreaterThanOrEqual(0)
    // The city's leader finds it too; a liaison may not search (the matrix checks every scope's rows).
    const leader = await login(server.app, 'leader')
    expect((await search('营商环竟', leader)).json().items).toHaveLength(1)
    const liaison = await login(server.app, 'liaison-wjw')
    expect((await search('营商环竟', liaison)).statusCode).toBe(403)
    for (const q of ['', '营', 'x'.repeat(31)]) {
      const res = await search(q, admin)
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'QUERY_INVALID'])
    }
    const lost = await server.app.inject({ url: '/api/v1/rounds/r-none/evidence-search?q=营商', headers: admin })
    expect(lost.statusCode).toBe(404)
    // A phrase with LIKE's wildcards is taken literally.
    expect((await search('营%竟', admin)).json().items).toEqual([])
  })
})
