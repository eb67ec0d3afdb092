import { NATIONAL_2019 } from '../../src/core'
import { migrateToLatest, openDatabase } from '../../server/db'
import { ensureBuiltinCatalogs } from '../../server/services/catalogs'
import { dialects, login, startServer, type TestServer } from './harness'

/** Catalog versions: clone into a draft, edit, publish; published versions never change, and rounds stay bound to theirs. */

describe.each(dialects)('indicator catalogs (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
  })
  afterAll(() => server.close())

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = admin) => server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
  const enc = encodeURIComponent

  it('lists the shipped versions as published, with the rounds bound to them', async () => {
    const list = (await call('GET', '/catalogs')).json().items
    expect(list.find((c: { id: string }) => c.id === 'national-2019@1')).toMatchObject({ published: true, rounds: 1, indicators: NATIONAL_2019.indicators.length })
    expect((await call('GET', `/catalogs/${enc('national-2019@1')}`)).json()).toMatchObject({ id: 'national-2019@1', published: true })
  })

  it('clones a version into a draft, edits it, publishes it; then it is frozen and a round can use it', async () => {
    const draft = (await call('POST', `/catalogs/${enc('national-2019@1')}/clone`)).json()
    expect(draft).toMatchObject({ id: 'national-2019@2', version: 2, published: false })
    const lag = draft.indicators.find((i: { rule: unknown }) => i.rule)
    const edited = { name: '全国政府网站与政务新媒体检查指标（本市2024版）', scoring: draft.scoring, indicators: draft.indicators.map((i: { code: string }) => (i.code === lag.code ? { ...lag, title: '两周内无更新', rule: { type: 'update-lag', days: 14 } } : i)) }
    const saved = await call('PUT', `/catalogs/${enc(draft.id)}`, edited)
    expect(saved.statusCode).toBe(200)
    expect(saved.json().indicators.find((i: { code: string }) => i.code === lag.code)).toMatchObject({ title: '两周内无更新', rule: { days: 14 } })
    // A round cannot use a draft.
    const round = { name: '试用新指标', catalogId: draft.id, checkpoints: ['2024-08-10'], deadline: '2024-08-30', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'sample', percent: 10, seed: 1 } }
    expect((await call('POST', '/rounds', round)).json().error.code).toBe('CATALOG_DRAFT')
    expect((await call('POST', `/catalogs/${enc(draft.id)}/publish`)).json()).toMatchObject({ published: true })
    expect((await call('POST', `/catalogs/${enc(draft.id)}/publish`)).json().error.code).toBe('CATALOG_PUBLISHED')
    expect((await call('PUT', `/catalogs/${enc(draft.id)}`, edited)).json().error).toEqual({ code: 'CATALOG_PUBLISHED', message: '已发布的指标版本不能再修改，请复制为新版本后修改' })
    const created = (await call('POST', '/rounds', round)).json()
    expect(created.catalog).toMatchObject({ id: 'national-2019@2', name: edited.name })
    // The demo round keeps its own version.
    expect((await call('GET', '/rounds/r-2024q2')).json().catalog.id).toBe('national-2019@1')
    expect((await call('POST', `/catalogs/${enc('national-2019@1')}/clone`)).json().id).toBe('national-2019@3')
  })

  it('refuses a draft that would not judge', async () => {
    const draft = (await call('POST', `/catalogs/${enc('national-2019@1')}/clone`)).json()
    const put = async (indicators: unknown[], scoring: unknown = draft.scoring) => (await call('PUT', `/catalogs/${enc(draft.id)}`, { name: draft.name, scoring, indicators })).json().error?.code
    const first = draft.indicators[0]
    expect(await put([])).toBe('INDICATORS_INVALID')
    expect(await put([first, first])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, code: 'bad code' }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, kind: 'veto', points: 5 }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, kind: 'deduction', points: 0 }], { base: 100, passMark: 60 })).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, kind: 'deduction', points: 5 }], null)).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, title: ' ' }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, rule: { type: 'update-lag', days: 0 } }])).toBe('INDICATORS_INVALID')
    // Common finding phrases: up to 12, each 1–40 characters; saved trimmed and without repeats.
    expect(await put([{ ...first, phrases: [' 标题错字 ', '标题错字', '领导职务写错'] }])).toBeUndefined()
    expect((await call('GET', `/catalogs/${enc(draft.id)}`)).json().indicators[0].phrases).toEqual(['标题错字', '领导职务写错'])
    expect(await put([{ ...first, phrases: [] }])).toBeUndefined()
    expect(await put([{ ...first, phrases: ['  '] }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, phrases: ['字'.repeat(41)] }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, phrases: Array.from({ length: 13 }, (_, k) => `描述${k}`) }])).toBe('INDICATORS_INVALID')
    expect(await put([{ ...first, phrases: '留言' }])).toBe('VALIDATION_FAILED')
    // The update-lag days: 1 to 365, both ends taken.
    const lag = draft.indicators.find((i: { rule?: unknown }) => i.rule)
    const withLag = (days: number) => draft.indicators.map((i: { code: string }) => (i.code === lag.code ? { ...lag, rule: { type: 'update-lag', days } } : i))
    const message = async (indicators: unknown[], scoring: unknown = draft.scoring) => {
      const error = (await call('PUT', `/catalogs/${enc(draft.id)}`, { name: draft.name, scoring, indicators })).json().error
      expect(error?.code).toBe('INDICATORS_INVALID')
      return error?.message
    }
    expect(await put(withLag(1))).toBeUndefined()
    expect(await put(withLag(365))).toBeUndefined()
    expect(await message(withLag(366))).toMatch(/^第 \d+ 项指标的更新时限应为1到365天$/)
    expect(await put(withLag(0))).toBe('INDICATORS_INVALID')
    // Scoring: a pass mark above 0 and not above the base, a base of at most 1000.
    const deduction = { ...first, code: 'DED-1', kind: 'deduction', points: 5, rule: null }
    expect(await put([first, deduction], { base: 100, passMark: 60 })).toBeUndefined()
    expect(await put([first, deduction], { base: 100, passMark: 100 })).toBeUndefined()
    expect(await put([first, deduction], { base: 1000, passMark: 600 })).toBeUndefined()
    for (const scoring of [
      { base: 100, passMark: 0 },
      { base: 100, passMark: 101 },
      { base: 1001, passMark: 600 }
    ]) {
      expect(await message([first, deduction], scoring)).toBe('及格分应大于0且不高于总分')
    }
    // A deduction among veto items needs scoring, not only a list of deductions.
    expect(await message([first, deduction], null)).toBe('有扣分或加分项时，需设置总分和及格分')
    expect(await put([first], null)).toBeUndefined()
    expect((await call('PUT', `/catalogs/${enc(draft.id)}`, { name: ' ', scoring: null, indicators: [first] })).json().error.code).toBe('NAME_INVALID')
    expect((await call('POST', `/catalogs/${enc(draft.id)}/publish`, undefined, await login(server.app, 'leader'))).statusCode).toBe(403)
    expect((await call('GET', '/catalogs/none@1')).statusCode).toBe(404)
  })
})

describe('a database without the demo', () => {
  it('gets the shipped catalogs, published, once', async () => {
    const database = openDatabase({ file: ':memory:' })
    await migrateToLatest(database)
    expect(await ensureBuiltinCatalogs(database.db)).toBe(2)
    expect(await ensureBuiltinCatalogs(database.db)).toBe(0)
    const rows = await database.db.selectFrom('catalogs').select(['id', 'published_at']).execute()
    expect(rows.every((r) => r.published_at !== null)).toBe(true)
    await database.close()
  })
})
