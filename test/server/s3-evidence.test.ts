import { createHash } from 'node:crypto'
import { evidenceStoreFromEnv } from '../../server/config'
import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, png } from './fixtures'
import { startBucket, type LocalBucket } from './s3'

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('the S3-compatible evidence store (against s3rver)', () => {
  let bucket: LocalBucket
  beforeAll(async () => {
    bucket = await startBucket()
  })
  afterAll(async () => {
    await bucket.close()
  })

  it('keeps the original and the thumbnail under content-addressed keys and reads them back byte for byte', async () => {
    const store = bucket.store()
    const original = await png(31, 300, 600)
    const thumb = Buffer.from('thumbnail bytes')
    const digest = sha(original)
    await store.put(digest, original, thumb)
    expect((await store.get(digest, 'original'))?.equals(original)).toBe(true)
    expect((await store.get(digest, 'thumb'))?.equals(thumb)).toBe(true)
    expect(store.key(digest, 'thumb')).toBe(`evidence/${digest.slice(0, 2)}/${digest}.thumb.jpg`)
    // Another instance on the same bucket (a second server behind the load balancer) reads the same bytes.
    expect((await bucket.store().get(digest, 'original'))?.equals(original)).toBe(true)
  })

  it('answers null for a digest never stored and for something that is not a digest, without asking the bucket', async () => {
    const store = bucket.store()
    const send = jest.spyOn(store['client'], 'send')
    expect(await store.get('0'.repeat(64), 'original')).toBeNull()
    expect(send).toHaveBeenCalledTimes(1)
    expect(await store.get('../../etc/passwd', 'original')).toBeNull()
    expect(send).toHaveBeenCalledTimes(1)
    await expect(store.put('not-a-digest', Buffer.from('x'), Buffer.from('y'))).rejects.toThrow('not a sha256')
  })

  it('does not upload bytes the bucket already holds', async () => {
    const store = bucket.store()
    const original = await png(32)
    await store.put(sha(original), original, Buffer.from('t'))
    const send = jest.spyOn(store['client'], 'send')
    await store.put(sha(original), original, Buffer.from('t'))
    expect(send.mock.calls.map(([c]) => c.constructor.name)).toEqual(['HeadObjectCommand', 'HeadObjectCommand'])
  })

  it('answers STORAGE_UNAVAILABLE for a bucket it cannot use, instead of reading it as "not stored"', async () => {
    const { store, close } = evidenceStoreFromEnv('/srv/data', { ...bucket.env, S3_BUCKET: 'no-such-bucket' })
    await expect(store.put(sha(Buffer.from('a')), Buffer.from('a'), Buffer.from('b'))).rejects.toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' })
    await expect(store.get(sha(Buffer.from('a')), 'original')).rejects.toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' })
    close?.()
  })
})

describe('choosing the evidence store from the environment', () => {
  it('uses the data directory by default and the bucket with EVIDENCE_STORE=s3', () => {
    expect(evidenceStoreFromEnv('/srv/data', {}).describe).toBe('本机目录 /srv/data/evidence')
    const s3 = evidenceStoreFromEnv('/srv/data', { EVIDENCE_STORE: 's3', S3_BUCKET: 'office', S3_ENDPOINT: 'https://cos.ap-shanghai.myqcloud.com' })
    expect(s3.describe).toBe('对象存储 https://cos.ap-shanghai.myqcloud.com / office')
    s3.close?.()
  })

  it('refuses an unknown kind and a bucket left out, in words an operator understands', () => {
    expect(() => evidenceStoreFromEnv('/srv/data', { EVIDENCE_STORE: 'cos' })).toThrow('EVIDENCE_STORE 只能是 local 或 s3')
    expect(() => evidenceStoreFromEnv('/srv/data', { EVIDENCE_STORE: 's3' })).toThrow('需要设置 S3_BUCKET')
  })
})

describe.each(dialects)('the server with its screenshots in a bucket, on %s', (dialect) => {
  let bucket: LocalBucket
  let server: TestServer
  let headers: Record<string, string>
  beforeAll(async () => {
    bucket = await startBucket()
    server = await startServer(dialect, { deps: { evidence: bucket.store() } })
    headers = await login(server.app, 'inspector')
  })
  afterAll(async () => {
    await server.close()
    await bucket.close()
  })

  it('stores an upload in the bucket, and serves it and its thumbnail', async () => {
    const bytes = await png(33, 600, 1000)
    const body = multipart(bytes)
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, ...body.headers }, payload: body.payload })
    expect(res.statusCode).toBe(201)
    const digest = sha(bytes)
    expect((await bucket.store().get(digest, 'original'))?.equals(bytes)).toBe(true)
    const original = await server.app.inject({ url: `/api/v1/evidence/${digest}`, headers })
    expect(original.rawPayload.equals(bytes)).toBe(true)
    const thumb = await server.app.inject({ url: `/api/v1/evidence/${digest}/thumb`, headers })
    expect([thumb.statusCode, thumb.headers['content-type']]).toEqual([200, 'image/jpeg'])
  })

  it('serves the seeded demo screenshots from the bucket', async () => {
    const row = await server.deps.db.selectFrom('evidence').select('sha256').executeTakeFirstOrThrow()
    const admin = await login(server.app, 'admin')
    const res = await server.app.inject({ url: `/api/v1/evidence/${row.sha256}/thumb`, headers: admin })
    expect(res.statusCode).toBe(200)
  })
})
