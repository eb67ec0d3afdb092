import { ApiError } from '../../src/api/transport'
import type { InspectionBody, PracticeBody } from '../../src/api/client'
import type { EvidenceReceipt, InspectionReceipt, IssueDetail, PracticeItem } from '../../src/api/types'
import { memoryFiles } from '../../src/platform/files'
import { createOutboxStore, entryStatus, migrateOutbox, OUTBOX_KEY } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'
import { backoffMs, BACKOFF_CAP_MS, createSyncWorker } from '../../src/sync/worker'

const body: InspectionBody = { roundId: 'r-2024q2', checkpointId: 'cp-2', accountId: 'a-c001', answers: [] }

/** A fake server that holds evidence by digest and answers receipts like the real one. */
function fakeServer() {
  const held = new Set<string>()
  const puts: string[] = []
  const answers: { issueId: string; clientId: string; note: string; evidence: string[] }[] = []
  const practices: { clientId: string; body: PracticeBody }[] = []
  const failures: (ApiError | Error)[] = []
  const next = () => {
    const f = failures.shift()
    if (f) throw f
  }
  return {
    held,
    puts,
    answers,
    practices,
    failures,
    api: {
      async putPractice(clientId: string, b: PracticeBody): Promise<PracticeItem> {
        next()
        if (b.evidence.some((d) => !held.has(d))) throw new ApiError(409, 'EVIDENCE_MISSING', '还有截图未上传到服务器')
        practices.push({ clientId, body: b })
        return { id: `pr-${clientId}`, clientId } as PracticeItem
      },
      async checkEvidence(digests: string[]) {
        next()
        return { held: digests.filter((d) => held.has(d)), missing: digests.filter((d) => !held.has(d)) }
      },
      async uploadEvidence(file: { path: string; bytes(): Promise<ArrayBuffer | null> }): Promise<EvidenceReceipt> {
        next()
        const bytes = await file.bytes()
        const { sha256Hex } = await import('../../src/platform/files')
        const sha256 = sha256Hex(bytes as ArrayBuffer)
        held.add(sha256)
        return { sha256, mime: 'image/png', size: 1, width: 1, height: 1, created: true }
      },
      async answerIssue(issueId: string, clientId: string, b: { note: string; evidence: string[] }): Promise<IssueDetail> {
        next()
        if (b.evidence.some((d) => !held.has(d))) throw new ApiError(409, 'EVIDENCE_MISSING', '还有截图未上传到服务器')
        answers.push({ issueId, clientId, ...b })
        return { id: issueId, status: 'submitted' } as IssueDetail
      },
      async putInspection(clientId: string, b: InspectionBody): Promise<InspectionReceipt> {
        next()
        puts.push(clientId)
        const expected = [...new Set(b.answers.flatMap((a) => a.evidence))]
        return {
          id: `i-${clientId}`,
          clientId,
          roundId: b.roundId,
          checkpointId: b.checkpointId,
          accountId: b.accountId,
          verdict: 'fail',
          score: null,
          submittedAt: '',
          issueIds: [],
          replayed: false,
          version: 1,
          evidence: { expected: expected.length, held: expected.filter((d) => held.has(d)), missing: expected.filter((d) => !held.has(d)) },
          complete: expected.every((d) => held.has(d))
        }
      }
    }
  }
}

async function setup(photoCount = 2) {
  const storage = memoryStorage()
  const files = memoryFiles()
  const server = fakeServer()
  let clock = 1_000_000
  const scheduled: number[] = []
  const outbox = createOutboxStore({ storage })
  const worker = createSyncWorker({ outbox, api: server.api, files, now: () => clock, random: () => 1, schedule: (ms) => scheduled.push(ms) })
  const photos = []
  for (let i = 0; i < photoCount; i++) {
    files.put(`tmp://${i}`, new Uint8Array([i, i + 1, i + 2]))
    photos.push(await files.keep(`tmp://${i}`))
  }
  const withEvidence: InspectionBody = { ...body, answers: [{ code: 'INT-1', result: 'fail', note: '无法留言', value: null, evidence: photos.map((p) => p.sha256) }] }
  outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-1', label: '健康无锡 · 第2次监测', verdict: 'fail', body: withEvidence, photos }, clock)
  return { storage, files, server, outbox, worker, scheduled, photos, advance: (ms: number) => (clock += ms) }
}

describe('the sync worker', () => {
  it('uploads the screenshots, then the inspection, then deletes the local files and empties the outbox', async () => {
    const { server, outbox, worker, files } = await setup()
    await worker.kick()
    expect(server.puts).toEqual(['c-1'])
    expect(outbox.getState().entries).toEqual([])
    expect(outbox.getState().synced[0]).toMatchObject({ clientId: 'c-1', held: 2, expected: 2, complete: true })
    expect(files.refs()).toEqual([])
  })

  it('backs off with jitter on network errors and 5xx, and keeps everything', async () => {
    const { server, outbox, worker, scheduled, files, advance } = await setup()
    server.failures.push(new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
    await worker.kick()
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'failed', attempts: 1, lastError: { code: 'NETWORK' } })
    expect(scheduled).toEqual([2000])
    expect(files.refs()).toHaveLength(2)
    await worker.kick()
    expect(server.puts).toEqual([])
    advance(2000)
    server.failures.push(new ApiError(503, 'SERVER', '服务器暂时不可用，请稍后再试'))
    await worker.kick()
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'failed', attempts: 2 })
    advance(4000)
    await worker.kick()
    expect(outbox.getState().entries).toEqual([])
  })

  it('caps the backoff at five minutes and never waits less than half of it', () => {
    expect(backoffMs(1, () => 0)).toBe(1000)
    expect(backoffMs(3, () => 1)).toBe(8000)
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS)
    expect(backoffMs(30, () => 0)).toBe(BACKOFF_CAP_MS / 2)
  })

  it('parks an entry the server refuses, with the server’s reason, and goes on with the next', async () => {
    const { server, outbox, worker } = await setup(0)
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-2', label: '无锡城管 · 第2次监测', verdict: 'pass', body, photos: [] }, 0)
    server.failures.push(new ApiError(409, 'ROUND_NOT_OPEN', '该检查批次未开放或已结束，不能再提交检查记录'))
    await worker.kick()
    expect(outbox.getState().entries).toEqual([expect.objectContaining({ clientId: 'c-1', state: 'parked', lastError: { code: 'ROUND_NOT_OPEN', message: '该检查批次未开放或已结束，不能再提交检查记录' } })])
    expect(server.puts).toEqual(['c-2'])
    outbox.getState().retry('c-1')
    await worker.kick()
    expect(outbox.getState().entries).toEqual([])
  })

  it('resumes an interrupted batch where it stopped, after an app restart', async () => {
    const { server, storage, files, worker, photos } = await setup(2)
    let uploads = 0
    const upload = server.api.uploadEvidence
    server.api.uploadEvidence = async (file) => {
      uploads += 1
      if (uploads === 2) throw new ApiError(0, 'NETWORK', '截图上传失败：网络连接中断')
      return upload(file)
    }
    await worker.kick()
    expect(server.held.size).toBe(1)
    // The app is closed and opened again: the outbox comes back from storage.
    const reopened = createOutboxStore({ storage })
    expect(reopened.getState().entries[0]?.photos.map((p) => p.uploaded)).toEqual([true, false])
    const again = createSyncWorker({ outbox: reopened, api: server.api, files, now: () => 10_000_000, random: () => 1, schedule: () => undefined })
    await again.kick()
    expect(uploads).toBe(3)
    expect(reopened.getState().entries).toEqual([])
    expect([...server.held].sort()).toEqual(photos.map((p) => p.sha256).sort())
  })

  it('does not upload what the server already holds (another device, or a lost response)', async () => {
    const { server, worker, photos } = await setup(2)
    server.held.add(photos[0]?.sha256 as string)
    let uploads = 0
    const upload = server.api.uploadEvidence
    server.api.uploadEvidence = async (file) => {
      uploads += 1
      return upload(file)
    }
    let checks = 0
    const check = server.api.checkEvidence
    server.api.checkEvidence = async (d) => {
      checks += 1
      return check(d)
    }
    await worker.kick()
    expect(uploads).toBe(1)
    // What the check found held is marked so: nothing is asked twice.
    expect(checks).toBe(1)
  })

  it('asks about at most 100 screenshots per check', async () => {
    for (const [count, sizes] of [
      [100, [100]],
      [101, [100, 1]]
    ] as const) {
      const { server, worker } = await setup(count)
      const asked: number[] = []
      const check = server.api.checkEvidence
      server.api.checkEvidence = async (d) => {
        asked.push(d.length)
        return check(d)
      }
      await worker.kick()
      expect(asked).toEqual(sizes)
      expect(server.puts).toEqual(['c-1'])
    }
  })

  it('retries a timeout (408) and a rate limit (429), and parks other refusals', async () => {
    for (const [status, state] of [
      [408, 'failed'],
      [429, 'failed'],
      [409, 'parked']
    ] as const) {
      const { server, worker, outbox } = await setup(0)
      server.failures.push(new ApiError(status, 'X', '服务器暂时不可用'))
      await worker.kick()
      expect(outbox.getState().entries[0]?.state).toBe(state)
    }
  })

  it('parks only the entry whose own screenshot changed; the one before it still goes', async () => {
    const { server, worker, outbox, files } = await setup(1)
    const bytes = new Uint8Array([5, 5, 5, 5])
    files.put('tmp://changed', bytes)
    const photo = await files.keep('tmp://changed')
    bytes[0] = 6
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-2', label: '第二个', verdict: 'fail', body: { ...body, accountId: 'a-2', answers: [{ code: 'INT-1', result: 'fail', note: '无法留言', value: null, evidence: [photo.sha256] }] }, photos: [photo] }, 2)
    await worker.kick()
    expect(server.puts).toEqual(['c-1'])
    expect(outbox.getState().entries.map((e) => [e.clientId, e.state, e.lastError?.code])).toEqual([['c-2', 'parked', 'EVIDENCE_CHANGED']])
  })

  it('sends a liaison’s answer after its screenshots, through the same outbox', async () => {
    const { server, worker, outbox, files } = await setup(0)
    files.put('tmp://fix', new Uint8Array([9, 9, 9]))
    const kept = await files.keep('tmp://fix')
    await worker.kick()
    outbox.getState().enqueue({ kind: 'answer', issueId: 'iss-1', clientId: 'ans-1', label: '健康无锡 · 整改反馈', verdict: null, body: { note: '已修复子菜单', evidence: [kept.sha256] }, photos: [kept] }, 0)
    await worker.kick()
    expect(server.answers).toEqual([{ issueId: 'iss-1', clientId: 'ans-1', note: '已修复子菜单', evidence: [kept.sha256] }])
    expect(outbox.getState().entries).toEqual([])
    expect(outbox.getState().synced[0]).toMatchObject({ clientId: 'ans-1', verdict: null, held: 1, expected: 1, complete: true })
    expect(files.refs()).toEqual([])
  })

  it('sends an inspector’s good practice after its screenshots, and keeps it through a refusal until the screenshot is there', async () => {
    const { server, worker, outbox, files } = await setup(0)
    files.put('tmp://good', new Uint8Array([5, 5, 5]))
    const kept = await files.keep('tmp://good')
    await worker.kick()
    const practice: PracticeBody = { roundId: 'r-2024q2', accountId: 'a-c004', theme: 'service', note: '掌上办事', evidence: [kept.sha256] }
    outbox.getState().enqueue({ kind: 'practice', clientId: 'pr-1', label: '无锡人社 · 典型做法', verdict: null, body: practice, photos: [kept] }, 0)
    server.failures.push(new ApiError(0, 'NETWORK', '无网络'))
    await worker.kick()
    expect(server.practices).toEqual([])
    expect(outbox.getState().entries.map((e) => [e.clientId, e.kind, e.state])).toEqual([['pr-1', 'practice', 'failed']])
    expect(files.refs()).toEqual([kept.ref])
    outbox.getState().retry('pr-1')
    await worker.kick()
    expect(server.practices).toEqual([{ clientId: 'pr-1', body: practice }])
    expect(outbox.getState().entries).toEqual([])
    expect(outbox.getState().synced[0]).toMatchObject({ clientId: 'pr-1', label: '无锡人社 · 典型做法', held: 1, expected: 1, complete: true })
    expect(files.refs()).toEqual([])
  })

  it('reports an answer whose second screenshot vanished as incomplete, and keeps nothing it did not send', async () => {
    const { server, worker, outbox, files } = await setup(0)
    await worker.kick()
    const kept = []
    for (const n of [1, 2]) {
      files.put(`tmp://a${n}`, new Uint8Array([n, 9, 9]))
      kept.push(await files.keep(`tmp://a${n}`))
    }
    files.lose(kept[1]?.ref as string)
    server.api.answerIssue = async () => ({ id: 'iss-1', status: 'submitted' }) as IssueDetail
    outbox.getState().enqueue({ kind: 'answer', issueId: 'iss-1', clientId: 'ans-2', label: '整改反馈', verdict: null, body: { note: '已修复', evidence: kept.map((k) => k.sha256) }, photos: kept }, 0)
    await worker.kick()
    expect(outbox.getState().synced[0]).toMatchObject({ clientId: 'ans-2', held: 1, expected: 2, complete: false })
    expect(files.refs()).toEqual([])
  })

  it('sends the inspection when a local file vanished, and reports it as incomplete', async () => {
    const { server, worker, outbox, files, photos } = await setup(2)
    files.lose(photos[1]?.ref as string)
    await worker.kick()
    expect(server.puts).toEqual(['c-1'])
    expect(outbox.getState().synced[0]).toMatchObject({ held: 1, expected: 2, complete: false })
  })

  it('parks an entry whose screenshot changed on the phone after it was taken (EVIDENCE_CHANGED), and sends no inspection for it', async () => {
    const { server, worker, outbox, files } = await setup(0)
    outbox.setState({ entries: [] })
    const bytes = new Uint8Array([7, 7, 7, 7])
    files.put('tmp://edited', bytes)
    const photo = await files.keep('tmp://edited')
    bytes[0] = 8 // edited in place after the digest was taken
    const b: InspectionBody = { ...body, answers: [{ code: 'INT-1', result: 'fail', note: '无法留言', value: null, evidence: [photo.sha256] }] }
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-edited', label: '编辑过的截图', verdict: 'fail', body: b, photos: [photo] }, 1)
    await worker.kick()
    expect(server.puts).toEqual([])
    expect(outbox.getState().entries).toEqual([
      expect.objectContaining({ clientId: 'c-edited', state: 'parked', attempts: 1, lastError: { code: 'EVIDENCE_CHANGED', message: '截图文件与提交时不一致，请重新拍摄' } })
    ])
    expect(files.refs()).toEqual([photo.ref])
  })

  it('tries again later (EVIDENCE_NOT_RECEIVED) when the server still lacks a screenshot it was sent twice, keeping the file', async () => {
    const { server, worker, outbox, photos, files, scheduled } = await setup(1)
    const put = server.api.putInspection
    server.api.putInspection = async (clientId, b) => {
      server.held.delete(photos[0]?.sha256 as string) // lost on the server's side every time
      return put(clientId, b)
    }
    await worker.kick()
    expect(server.puts).toEqual(['c-1', 'c-1'])
    expect(outbox.getState().entries).toEqual([expect.objectContaining({ clientId: 'c-1', state: 'failed', nextAttemptAt: expect.any(Number), lastError: { code: 'EVIDENCE_NOT_RECEIVED', message: '服务器尚未收到 1 张截图，稍后重试' } })])
    expect(scheduled.length).toBeGreaterThan(0)
    expect(files.refs()).toEqual([photos[0]?.ref])
  })

  it('uploads again a screenshot the receipt says is missing', async () => {
    const { server, worker, outbox, photos } = await setup(1)
    const put = server.api.putInspection
    let first = true
    server.api.putInspection = async (clientId, b) => {
      if (first) {
        first = false
        server.held.delete(photos[0]?.sha256 as string) // the server lost it after the upload
      }
      return put(clientId, b)
    }
    await worker.kick()
    expect(server.puts).toEqual(['c-1', 'c-1'])
    expect(outbox.getState().synced[0]).toMatchObject({ complete: true })
  })
})

describe('the sync worker on a slow link', () => {
  it('asks about every waiting screenshot in one check, uploads several at once, and keeps the inspections in order', async () => {
    const { server, outbox, worker, files } = await setup(0)
    outbox.setState({ entries: [] })
    const calls: string[] = []
    let inFlight = 0
    let most = 0
    const check = server.api.checkEvidence
    server.api.checkEvidence = async (d: string[]) => (calls.push(`check ${d.length}`), check(d))
    const upload = server.api.uploadEvidence
    server.api.uploadEvidence = async (f) => {
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight -= 1
      return upload(f)
    }
    const put = server.api.putInspection
    server.api.putInspection = async (id, b) => (calls.push(`put ${id}`), put(id, b))
    const allPhotos: { sha256: string }[] = []
    for (let n = 0; n < 4; n++) {
      const photos = []
      for (let i = 0; i < 2; i++) {
        // Screenshot-sized files (150 KB), each different, so the bytes really travel.
        const bytes = new Uint8Array(150 * 1024).map((_, k) => (k * 31 + n * 7 + i * 13) % 251)
        files.put(`tmp://${n}-${i}`, bytes)
        photos.push(await files.keep(`tmp://${n}-${i}`))
      }
      allPhotos.push(...photos)
      const b: InspectionBody = { ...body, accountId: `a-${n}`, answers: [{ code: 'INT-1', result: 'fail', note: '无法留言', value: null, evidence: photos.map((p) => p.sha256) }] }
      outbox.getState().enqueue({ kind: 'inspection', clientId: `c-${n}`, label: `账号${n}`, verdict: 'fail', body: b, photos }, 1)
    }
    await worker.kick()
    expect(calls).toEqual(['check 8', 'put c-0', 'put c-1', 'put c-2', 'put c-3'])
    expect(most).toBeGreaterThan(1)
    expect([...server.held].sort()).toEqual(allPhotos.map((p) => p.sha256).sort())
    expect(outbox.getState().entries).toEqual([])
  })

  it('leaves no upload running or starting once a run has stopped on a failure', async () => {
    const { server, outbox, worker, files } = await setup(0)
    outbox.setState({ entries: [] })
    let inFlight = 0
    let started = 0
    const upload = server.api.uploadEvidence
    server.api.uploadEvidence = async (f) => {
      started += 1
      inFlight += 1
      // The head's screenshot goes at once, the others take a while.
      if (started > 1) await new Promise((r) => setTimeout(r, 20))
      inFlight -= 1
      return upload(f)
    }
    server.api.putInspection = async () => {
      throw new ApiError(0, 'NETWORK', '网络连接失败')
    }
    for (let n = 0; n < 12; n++) {
      files.put(`tmp://q${n}`, new Uint8Array([n, 7, 7, 7]))
      const photo = await files.keep(`tmp://q${n}`)
      const b: InspectionBody = { ...body, accountId: `a-${n}`, answers: [{ code: 'INT-1', result: 'fail', note: '无法留言', value: null, evidence: [photo.sha256] }] }
      outbox.getState().enqueue({ kind: 'inspection', clientId: `c-q${n}`, label: `账号${n}`, verdict: 'fail', body: b, photos: [photo] }, 1)
    }
    await worker.kick()
    expect(inFlight).toBe(0)
    // The head's failure stopped the queue: the last of the twelve never started.
    expect(started).toBeLessThan(12)
    const after = started
    await new Promise((r) => setTimeout(r, 40))
    expect(started).toBe(after)
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'failed', lastError: { code: 'NETWORK' } })
  })

  it('goes at once when the network comes back, not after its back-off', async () => {
    const { server, outbox, worker, scheduled } = await setup()
    server.failures.push(new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
    await worker.kick()
    expect(outbox.getState().entries[0]?.state).toBe('failed')
    await worker.kick()
    expect(server.puts).toEqual([])
    expect(scheduled).toEqual([2000])
    await worker.resume()
    expect(server.puts).toEqual(['c-1'])
    expect(outbox.getState().entries).toEqual([])
  })

  it('leaves a parked entry parked when the network comes back', async () => {
    const { server, outbox, worker } = await setup()
    server.failures.push(new ApiError(400, 'INVALID_CHARACTER', '提交的内容含有无法保存的特殊字符'))
    await worker.kick()
    await worker.resume()
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'parked', lastError: { code: 'INVALID_CHARACTER' } })
  })
})

describe('what a waiting entry tells its user', () => {
  it('calls no network neutral, a retry a warning and a refusal an error', () => {
    expect(entryStatus({ state: 'failed', lastError: { code: 'NETWORK', message: '网络连接失败' } })).toEqual({ label: '等待联网', text: '无网络，已保存，联网后自动上传', tone: 'neutral' })
    expect(entryStatus({ state: 'failed', lastError: { code: 'SERVER', message: '服务器暂时不可用' } }).tone).toBe('warn')
    expect(entryStatus({ state: 'parked', lastError: { code: 'INVALID_CHARACTER', message: '…' } }).tone).toBe('error')
    // 「正在上传」 only while a request is in flight.
    expect(entryStatus({ state: 'pending', lastError: null }, true)).toEqual({ label: '正在上传', text: '正在上传…', tone: 'neutral' })
    expect(entryStatus({ state: 'pending', lastError: null }, false)).toEqual({ label: '等待上传', text: '已保存，等待上传', tone: 'neutral' })
  })
})

describe('the persisted outbox', () => {
  it('persists entries and the sequence, not image bytes', async () => {
    const { storage } = await setup(1)
    const saved = JSON.parse(storage.dump()[OUTBOX_KEY] ?? '{}')
    expect(saved.version).toBe(1)
    expect(Object.keys(saved.state).sort()).toEqual(['entries', 'nextSeq', 'synced'])
    expect(JSON.stringify(saved).length).toBeLessThan(3000)
  })

  it('keeps, parked with a reason, an entry it cannot read back', () => {
    const migrated = migrateOutbox({ entries: [{ seq: 4, clientId: 'c-9', body: {}, photos: [] }, { seq: 5, label: '坏记录' }], nextSeq: 6 }, 0)
    expect(migrated.entries.map((e) => [e.clientId, e.state, e.lastError?.code ?? null])).toEqual([
      ['c-9', 'pending', null],
      ['unknown-1', 'parked', 'OUTBOX_UNREADABLE']
    ])
    expect(migrated.nextSeq).toBe(6)
  })
})


describe('the sync worker’s runs and timers', () => {
  it('answers a kick during a run with that run, and runs once more for what came in meanwhile', async () => {
    const { server, outbox, worker } = await setup(0)
    const put = server.api.putInspection
    let added = false
    server.api.putInspection = async (id, b) => {
      if (!added) {
        added = true
        outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-late', label: '后来的', verdict: 'pass', body: { ...body, accountId: 'a-late' }, photos: [] }, 2)
        expect(worker.kick()).toBe(running)
      }
      return put(id, b)
    }
    const running = worker.kick()
    await running
    expect(server.puts).toEqual(['c-1', 'c-late'])
    expect(outbox.getState().entries).toEqual([])
  })

  it('runs again for an entry that came in just as a run was ending', async () => {
    const { server, outbox, worker } = await setup(0)
    const getState = outbox.getState
    let late = false
    // The moment the run finds the outbox empty, a new inspection is saved and kicked.
    outbox.getState = () => {
      const state = getState()
      if (!late && state.entries.length === 0 && server.puts.length === 1) {
        late = true
        state.enqueue({ kind: 'inspection', clientId: 'c-late', label: '刚保存的', verdict: 'pass', body: { ...body, accountId: 'a-late' }, photos: [] }, 2)
        void worker.kick()
      }
      return state
    }
    await worker.kick()
    await worker.idle()
    expect(server.puts).toEqual(['c-1', 'c-late'])
  })

  it('keeps one timer, for the earliest entry waiting, and goes when it fires', async () => {
    const timers: { ms: number; run: () => void }[] = []
    const server = fakeServer()
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let clock = 1_000_000
    const worker = createSyncWorker({ outbox, api: server.api, files: memoryFiles(), now: () => clock, random: () => 1, schedule: (ms, run) => timers.push({ ms, run }) })
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [] }, clock)
    server.failures.push(new ApiError(503, 'SERVER', '服务器暂时不可用'))
    await worker.kick()
    expect(timers.map((t) => t.ms)).toEqual([2000])
    await worker.kick()
    await worker.kick()
    expect(timers).toHaveLength(1)
    clock += 2000
    timers[0]?.run()
    await worker.kick()
    expect(server.puts).toEqual(['c-a'])
    expect(outbox.getState().entries).toEqual([])
  })

  it('sets a new timer after one has fired and the entry failed again, and an earlier one when the head comes due sooner', async () => {
    const timers: { ms: number; run: () => void }[] = []
    const server = fakeServer()
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let clock = 1_000_000
    const worker = createSyncWorker({ outbox, api: server.api, files: memoryFiles(), now: () => clock, random: () => 1, schedule: (ms, run) => timers.push({ ms, run }) })
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [] }, clock)
    for (let i = 0; i < 3; i++) server.failures.push(new ApiError(503, 'SERVER', '服务器暂时不可用'))
    await worker.kick()
    clock += 500
    await worker.resume()
    // The second failure is due later than the timer already set: no second timer.
    expect(timers.map((t) => t.ms)).toEqual([2000])
    clock += 1500
    timers[0]?.run()
    await worker.idle()
    // The timer fired before the entry was due: it sets the next one, for the time left.
    expect(timers.map((t) => t.ms)).toEqual([2000, 2500])
    expect(server.puts).toEqual([])
    outbox.getState().update('c-a', { nextAttemptAt: clock + 1000 })
    await worker.kick()
    expect(timers.map((t) => t.ms)).toEqual([2000, 2500, 1000])
    clock += 1000
    timers[2]?.run()
    await worker.idle()
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'failed', attempts: 3 })
    expect(timers.map((t) => t.ms)).toEqual([2000, 2500, 1000, 8000])
    clock += 8000
    timers[3]?.run()
    await worker.idle()
    expect(server.puts).toEqual(['c-a'])
    expect(outbox.getState().entries).toEqual([])
  })

  it('when the network comes back, brings forward only entries waiting out a back-off', async () => {
    const { server, outbox, worker } = await setup(0)
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-2', label: '第二个', verdict: 'pass', body: { ...body, accountId: 'a-2' }, photos: [] }, 1)
    server.failures.push(new ApiError(0, 'NETWORK', '网络连接失败'))
    await worker.kick()
    // Another entry marked parked with a back-off time stays as it is.
    outbox.getState().update('c-2', { state: 'parked', nextAttemptAt: 5_000_000, lastError: { code: 'INVALID_CHARACTER', message: '…' } })
    await worker.resume()
    expect(server.puts).toEqual(['c-1'])
    expect(outbox.getState().entries).toEqual([expect.objectContaining({ clientId: 'c-2', state: 'parked', nextAttemptAt: 5_000_000 })])
  })

  it('「立即同步」 sends waiting entries at once and gives parked ones another chance', async () => {
    const { server, outbox, worker } = await setup(0)
    outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-2', label: '第二个', verdict: 'pass', body: { ...body, accountId: 'a-2' }, photos: [] }, 1)
    server.failures.push(new ApiError(409, 'ROUND_NOT_OPEN', '该检查批次未开放或已结束'))
    await worker.kick()
    expect(outbox.getState().entries.map((e) => [e.clientId, e.state])).toEqual([['c-1', 'parked']])
    server.failures.push(new ApiError(503, 'SERVER', '服务器暂时不可用'))
    await worker.syncNow()
    expect(outbox.getState().entries.map((e) => [e.clientId, e.state])).toEqual([['c-1', 'failed']])
    await worker.syncNow()
    expect(outbox.getState().entries).toEqual([])
    expect(server.puts).toEqual(['c-2', 'c-1'])
  })

  it('calls anything that is not the API’s own error a network failure, and retries it', async () => {
    const { server, outbox, worker } = await setup(0)
    server.failures.push(new TypeError('Failed to fetch'))
    await worker.kick()
    expect(outbox.getState().entries[0]).toMatchObject({ state: 'failed', lastError: { code: 'NETWORK', message: '网络连接失败，稍后自动重试' } })
  })

  it('sends by the order of submission, whatever the order entries were stored in', async () => {
    const { server, outbox, worker } = await setup(0)
    for (const n of [2, 3]) outbox.getState().enqueue({ kind: 'inspection', clientId: `c-${n}`, label: `第${n}个`, verdict: 'pass', body: { ...body, accountId: `a-${n}` }, photos: [] }, n)
    outbox.setState({ entries: [...outbox.getState().entries].reverse() })
    await worker.kick()
    expect(server.puts).toEqual(['c-1', 'c-2', 'c-3'])
  })

  it('tells when it is idle: at once with nothing running, after the run otherwise', async () => {
    const { server, worker } = await setup(0)
    await expect(worker.idle()).resolves.toBeUndefined()
    let release = () => undefined as void
    const put = server.api.putInspection
    server.api.putInspection = async (id, b) => (await new Promise<void>((r) => (release = r)), put(id, b))
    void worker.kick()
    let idle = false
    const waiting = worker.idle().then(() => (idle = true))
    await new Promise((r) => setTimeout(r, 5))
    expect(idle).toBe(false)
    release()
    await waiting
    expect(server.puts).toEqual(['c-1'])
  })
})
