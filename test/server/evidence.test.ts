import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { dialects, login, startServer, type TestServer } from './harness'
import { jpeg, multipart, png, pngClaiming } from './fixtures'

describe.each(dialects)('evidence upload on %s', (dialect) => {
  let server: TestServer
  let headers: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    headers = await login(server.app, 'inspector')
  })
  afterAll(async () => {
    await server.close()
  })

  const upload = (bytes: Buffer, filename?: string) => {
    const body = multipart(bytes, filename)
    return server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, ...body.headers }, payload: body.payload })
  }
  const count = async () => Number((await server.deps.db.selectFrom('evidence').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('stores a PNG once under its SHA-256 with its pixel size, and makes a thumbnail', async () => {
    const bytes = await png(1, 600, 1000)
    const res = await upload(bytes)
    expect(res.statusCode).toBe(201)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(res.json()).toEqual({ sha256, mime: 'image/png', size: bytes.length, width: 600, height: 1000, created: true })
    const again = await upload(bytes)
    expect(again.statusCode).toBe(200)
    expect(again.json().created).toBe(false)
    const thumb = await server.app.inject({ url: `/api/v1/evidence/${sha256}/thumb`, headers })
    expect(thumb.statusCode).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/jpeg')
    const original = await server.app.inject({ url: `/api/v1/evidence/${sha256}?access_token=${headers.authorization?.slice(7)}` })
    expect(original.rawPayload.equals(bytes)).toBe(true)
  })

  it('accepts a raw JPEG body (the Cloud Hosting path)', async () => {
    const bytes = await jpeg(2)
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, 'content-type': 'image/jpeg' }, payload: bytes })
    expect(res.statusCode).toBe(201)
    expect(res.json().mime).toBe('image/jpeg')
  })

  it('accepts a WebP screenshot', async () => {
    const bytes = await sharp({ create: { width: 90, height: 160, channels: 3, background: { r: 1, g: 2, b: 3 } } }).webp().toBuffer()
    const res = await upload(bytes, 'shot.webp')
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ mime: 'image/webp', width: 90, height: 160 })
  })

  it('recognises the type by content, not by the file name', async () => {
    const res = await upload(await png(3), 'photo.jpg')
    expect(res.json().mime).toBe('image/png')
  })

  it.each([
    ['a text file named .png', Buffer.from('这不是图片，只是一段文字'), 'EVIDENCE_TYPE_UNSUPPORTED', 415],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'EVIDENCE_TYPE_UNSUPPORTED', 415],
    ['an empty file', Buffer.alloc(0), 'EVIDENCE_EMPTY', 400],
    ['a PNG cut in half', null, 'EVIDENCE_UNREADABLE', 422]
  ])('refuses %s and stores nothing', async (_name, given, code, status) => {
    const before = await count()
    const bytes = given ?? (await png(4, 400, 400)).subarray(0, 200)
    const res = await upload(bytes, 'x.png')
    expect(res.statusCode).toBe(status)
    expect(res.json().error.code).toBe(code)
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(await count()).toBe(before)
  })

  it('refuses a file over 10 MB', async () => {
    const before = await count()
    const big = Buffer.concat([await png(5), Buffer.alloc(10 * 1024 * 1024)])
    const res = await upload(big)
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('EVIDENCE_TOO_LARGE')
    expect(await count()).toBe(before)
  })

  it('refuses an image whose pixel count is too large, before decoding it', async () => {
    // A tiny PNG header claiming 20000 × 20000 pixels (400 MP).
    const bomb = await pngClaiming(20000, 20000)
    const res = await upload(bomb)
    expect(res.json().error.code).toBe('EVIDENCE_TOO_MANY_PIXELS')
  })

  it('refuses uploads from a leader and from nobody', async () => {
    const leader = await login(server.app, 'leader')
    const body = multipart(await png(7))
    const asLeader = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...leader, ...body.headers }, payload: body.payload })
    expect(asLeader.statusCode).toBe(403)
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: body.headers, payload: body.payload })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED')
  })
  it('shows a liaison their own uploads and their department’s screenshots, nobody else’s', async () => {
    const wjw = await login(server.app, 'liaison-wjw')
    const xishan = await login(server.app, 'liaison-xishan')
    const body = multipart(await png(8))
    const sha256 = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...wjw, ...body.headers }, payload: body.payload })).json().sha256 as string
    const get = (h: Record<string, string>) => server.app.inject({ url: `/api/v1/evidence/${sha256}/thumb`, headers: h })
    expect((await get(wjw)).statusCode).toBe(200)
    // Refused exactly like a screenshot the server never had: the refusal tells nothing.
    const refused = await get(xishan)
    const never = await server.app.inject({ url: `/api/v1/evidence/${'0'.repeat(64)}/thumb`, headers: xishan })
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toEqual(never.json())
    // Attached to an answer on 健康无锡's issue, it is the department's: still not 锡山's.
    const issue = await server.deps.db.selectFrom('issues').select('id').where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    const answer = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/answers/ans-ev-1`, headers: wjw, payload: { note: '已整改', evidence: [sha256] } })
    expect(answer.statusCode).toBe(200)
    expect((await get(xishan)).statusCode).toBe(404)
    expect((await get(await login(server.app, 'leader'))).statusCode).toBe(200)
    // The inspection screenshot of 锡山发改's issue: 锡山's liaison sees it, 健康无锡's does not.
    const shot = await server.deps.db
      .selectFrom('issues')
      .innerJoin('inspection_evidence as ie', (j) => j.onRef('ie.inspection_id', '=', 'issues.inspection_id'))
      .select('ie.sha256')
      .where('issues.department_id', '=', 'd-xs-fgj')
      .executeTakeFirstOrThrow()
    expect((await server.app.inject({ url: `/api/v1/evidence/${shot.sha256}`, headers: xishan })).statusCode).toBe(200)
    expect((await server.app.inject({ url: `/api/v1/evidence/${shot.sha256}`, headers: wjw })).statusCode).toBe(404)
  })

  it('lets nobody attach another department’s screenshot by its digest, or learn that it exists', async () => {
    const wjw = await login(server.app, 'liaison-wjw')
    // 锡山发改's finding screenshot; 健康无锡's liaison knows its digest (say, from a forwarded link).
    const theirs = (
      await server.deps.db
        .selectFrom('issues')
        .innerJoin('inspection_evidence as ie', (j) => j.onRef('ie.inspection_id', '=', 'issues.inspection_id').onRef('ie.indicator_code', '=', 'issues.indicator_code'))
        .select('ie.sha256')
        .where('issues.department_id', '=', 'd-xs-fgj')
        .executeTakeFirstOrThrow()
    ).sha256
    const never = 'e'.repeat(64)
    // The check reports it missing, like a digest the server never had.
    const check = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence/check', headers: wjw, payload: { digests: [theirs, never] } })).json()
    expect(check).toEqual({ held: [], missing: [theirs, never] })
    // Attaching it is refused like a missing screenshot, and changes nothing.
    const issue = await server.deps.db.selectFrom('issues').select(['id', 'status']).where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    await server.deps.db.updateTable('issues').set({ status: 'open' }).where('id', '=', issue.id).execute()
    const events = async () => (await server.deps.db.selectFrom('issue_events').select('id').where('issue_id', '=', issue.id).execute()).length
    const before = await events()
    const answer = (evidence: string[], clientId: string) => server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issue.id}/answers/${clientId}`, headers: wjw, payload: { note: '已整改', evidence } })
    const stolen = await answer([theirs], 'ans-steal-1')
    const missing = await answer([never], 'ans-steal-2')
    expect([stolen.statusCode, stolen.json().error.code, stolen.json().error.message]).toEqual([409, 'EVIDENCE_MISSING', missing.json().error.message])
    expect(await events()).toBe(before)
    expect((await server.app.inject({ url: `/api/v1/evidence/${theirs}`, headers: wjw })).statusCode).toBe(404)
    // Sending the bytes themselves proves the liaison has the picture: then it may be attached and read.
    const bytes = (await server.app.inject({ url: `/api/v1/evidence/${theirs}`, headers: await login(server.app, 'admin') })).rawPayload
    const body = multipart(bytes)
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...wjw, ...body.headers }, payload: body.payload })).statusCode).toBe(200)
    expect((await answer([theirs], 'ans-steal-3')).statusCode).toBe(200)
    expect((await server.app.inject({ url: `/api/v1/evidence/${theirs}`, headers: wjw })).statusCode).toBe(200)
  })
})
