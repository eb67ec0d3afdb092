import { ApiError } from '../../src/api/transport'
import type { Person } from '../../src/api/types'
import type { AuditItem } from '../../src/core'
import { createAuditStore } from '../../src/stores/audit'
import { createOverviewStore } from '../../src/stores/overview'
import { createPeopleStore } from '../../src/stores/people'
import { createWebSignInStore } from '../../src/stores/web-sign-in'

/** The admin's and leader's stores, each against a fake API: people, the audit trail, the overview, desktop sign-in. */
const zhao: Person = { id: 'u-zhao', name: '赵磊', role: 'inspector', departmentId: 'd-city-bgs', departmentName: '市政府办公室', active: true, bound: false }
const qian: Person = { id: 'u-qian', name: '钱芳', role: 'liaison', departmentId: 'd-city-wjw', departmentName: '市卫生健康委', active: true, bound: true }
const entry = (id: string, summary: string): AuditItem => ({ id, at: '2024-07-10T02:00:00Z', actor: { id: 'u-admin', name: '王珊' }, action: 'user.update', entity: 'user', entityId: 'u-zhao', before: null, after: null, ip: '-', summary })
const refused = new ApiError(403, 'FORBIDDEN', '只能管理本辖区内的人员')

function peopleApi() {
  const calls: string[] = []
  let people = [zhao, qian]
  const fail = { next: null as ApiError | Error | null }
  const maybeFail = () => {
    const f = fail.next
    fail.next = null
    if (f) throw f
  }
  const api = {
    people: async (page: number) => (calls.push(`people ${page}`), maybeFail(), { items: people, total: people.length, page, pageSize: 20 }),
    createPerson: async (input: { name: string; role: Person['role']; departmentId: string | null }) => {
      calls.push(`create ${input.name}`)
      maybeFail()
      const p: Person = { id: 'u-sun', name: input.name, role: input.role, departmentId: input.departmentId, departmentName: null, active: true, bound: false }
      people = [...people, p]
      return { id: p.id, name: p.name, role: p.role, departmentId: p.departmentId, bindCode: 'ACDEFGHJ', expiresAt: '2024-07-17T02:00:00Z' }
    },
    updatePerson: async (id: string, patch: Partial<Person>) => {
      calls.push(`update ${id} ${JSON.stringify(patch)}`)
      maybeFail()
      people = people.map((p) => (p.id === id ? { ...p, ...patch } : p))
      return people.find((p) => p.id === id) as Person
    },
    reissueCode: async (id: string) => (calls.push(`reissue ${id}`), maybeFail(), { id, name: '赵磊', role: 'inspector' as const, departmentId: 'd-city-bgs', bindCode: 'KMNPQRTU', expiresAt: '2024-07-17T02:00:00Z' }),
    endSessions: async (id: string) => (calls.push(`end ${id}`), maybeFail(), { ended: 2 }),
    departments: async (q?: string) => (calls.push(`departments ${q}`), maybeFail(), { items: [{ id: 'd-xs', parentId: 'd-wuxi', name: '锡山区人民政府', shortName: '锡山区', level: 'district', hostLevel: 'local' }], total: 1, page: 1, pageSize: 20 }),
    audit: async (f: { entity?: string; entityId?: string }) => (calls.push(`audit ${f.entityId}`), { items: [entry(`e-${calls.length}`, '王珊 修改了人员信息')], total: 1, page: 1, pageSize: 20 })
  }
  return { api: api as never, calls, fail }
}

describe('the people store', () => {
  it('lists people, opens one with their history, and keeps a just-issued code only on that person', async () => {
    const { api, calls } = peopleApi()
    const store = createPeopleStore({ api })
    await store.getState().load()
    expect(store.getState()).toMatchObject({ items: [zhao, qian], total: 2, loading: false, error: null })
    const issued = await store.getState().create({ name: '孙丽', role: 'inspector', departmentId: 'd-city-bgs' })
    expect(issued?.bindCode).toBe('ACDEFGHJ')
    expect(store.getState().items.map((p) => p.name)).toEqual(['赵磊', '钱芳', '孙丽'])
    await store.getState().open('u-sun')
    expect(store.getState()).toMatchObject({ person: { id: 'u-sun' }, issued: { bindCode: 'ACDEFGHJ' } })
    expect(store.getState().history.map((h) => h.summary)).toEqual(['王珊 修改了人员信息'])
    await store.getState().open('u-zhao')
    expect(store.getState()).toMatchObject({ person: { id: 'u-zhao' }, issued: null })
    expect(calls).toContain('audit u-zhao')
  })

  it('loads the list when a person is opened directly, and changes, reissues and signs out that person', async () => {
    const { api, calls } = peopleApi()
    const store = createPeopleStore({ api })
    await store.getState().open('u-qian')
    expect(calls.slice(0, 2)).toEqual(['people 1', 'audit u-qian'])
    expect(store.getState().person).toEqual(qian)
    expect(await store.getState().update({ active: false })).toBe(true)
    expect(store.getState().person?.active).toBe(false)
    expect(store.getState().items.find((p) => p.id === 'u-qian')?.active).toBe(false)
    expect(await store.getState().reissue()).toBe(true)
    expect(store.getState().issued?.bindCode).toBe('KMNPQRTU')
    expect(await store.getState().endSessions()).toBe(2)
    expect(calls.filter((c) => c === 'audit u-qian')).toHaveLength(4)
    expect(store.getState().busy).toBe(false)
  })

  it('shows the server’s reason when a change is refused, and changes nothing', async () => {
    const { api, fail } = peopleApi()
    const store = createPeopleStore({ api })
    await store.getState().open('u-zhao')
    fail.next = refused
    expect(await store.getState().update({ name: '赵雷' })).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, error: '只能管理本辖区内的人员', person: { name: '赵磊' } })
    fail.next = refused
    expect(await store.getState().reissue()).toBe(false)
    expect(store.getState().issued).toBeNull()
    fail.next = refused
    expect(await store.getState().endSessions()).toBeNull()
    fail.next = refused
    expect(await store.getState().create({ name: '孙丽', role: 'inspector', departmentId: 'd-city-bgs' })).toBeNull()
    expect(store.getState().items).toHaveLength(2)
    fail.next = new Error('socket hang up')
    await store.getState().load()
    expect(store.getState()).toMatchObject({ loading: false, error: '操作失败，请稍后重试' })
  })

  it('does nothing to nobody when no person is open, and finds departments by name', async () => {
    const { api, calls, fail } = peopleApi()
    const store = createPeopleStore({ api })
    expect(await store.getState().update({ name: 'x' })).toBe(false)
    expect(await store.getState().reissue()).toBe(false)
    expect(await store.getState().endSessions()).toBeNull()
    expect(calls).toEqual([])
    await store.getState().searchDepartments('锡山')
    expect(store.getState().departments.map((d) => d.name)).toEqual(['锡山区人民政府'])
    fail.next = new Error('offline')
    await store.getState().searchDepartments('锡山')
    expect(store.getState().departments).toEqual([])
  })
})

describe('the audit and overview stores', () => {
  it('load a page, and show the reason of a failure', async () => {
    let fail = false
    const audit = createAuditStore({ api: { audit: async () => (fail ? Promise.reject(refused) : { items: [entry('e-1', '王珊 停用了人员「赵磊」')], total: 7, page: 1, pageSize: 20 }) } as never })
    await audit.getState().load({ entity: 'user', entityId: 'u-zhao' })
    expect(audit.getState()).toMatchObject({ total: 7, loading: false, error: null })
    expect(audit.getState().items[0]?.summary).toBe('王珊 停用了人员「赵磊」')
    fail = true
    await audit.getState().load({})
    expect(audit.getState()).toMatchObject({ loading: false, error: '只能管理本辖区内的人员' })

    const totals = { open: 2, returned: 0, submitted: 1, verified: 0, overdue: 2, late: 1, total: 3 }
    const overview = createOverviewStore({ api: { overview: async (id: string) => (id === 'r-2024q2' ? { deadline: '2024-07-19', totals, items: [] } : Promise.reject(new ApiError(404, 'NOT_FOUND', '检查批次不存在'))) } as never })
    await overview.getState().load('r-2024q2')
    expect(overview.getState()).toMatchObject({ overview: { totals }, loading: false, error: null })
    await overview.getState().load('r-none')
    expect(overview.getState()).toMatchObject({ loading: false, error: '检查批次不存在' })
  })
})

describe('desktop sign-in', () => {
  const user = { id: 'u-admin', username: 'admin', name: '王珊', role: 'admin' as const, departmentId: 'd-city-bgs', departmentName: '市政府办公室' }
  function setup() {
    const adopted: string[] = []
    const polls: ({ status: 'waiting' } | { status: 'expired' } | { status: 'approved'; token: string; user: typeof user } | Error)[] = []
    const approved: string[] = []
    const api = {
      createWebTicket: async () => ({ id: 'w-abcdefghij12345', expiresAt: '2024-07-10T02:02:00Z' }),
      pollWebTicket: async () => {
        const next = polls.shift() ?? { status: 'waiting' as const }
        if (next instanceof Error) throw next
        return next
      },
      webTicketDetails: async (id: string) => {
        if (id === 'w-gone') throw new ApiError(404, 'NOT_FOUND', '登录请求不存在')
        return { id, ip: '10.0.0.8', agent: 'Chrome', createdAt: '2024-07-10T02:00:00Z', expired: false }
      },
      approveWebTicket: async (id: string) => {
        if (id === 'w-late') throw new ApiError(410, 'WEB_TICKET_EXPIRED', '二维码已过期，请在电脑上刷新后重新扫码')
        approved.push(id)
        return { ok: true }
      }
    }
    const session = { getState: () => ({ adopt: (token: string) => adopted.push(token) }) }
    return { store: createWebSignInStore({ api: api as never, session: session as never }), adopted, polls, approved }
  }

  it('on the browser: waits through missed polls, then adopts the approved session once', async () => {
    const { store, adopted, polls } = setup()
    expect(await store.getState().poll()).toBe(false)
    await store.getState().start()
    expect(store.getState()).toMatchObject({ status: 'waiting', ticket: { id: 'w-abcdefghij12345' } })
    polls.push({ status: 'waiting' }, new Error('offline'), { status: 'approved', token: 't-web', user })
    expect(await store.getState().poll()).toBe(false)
    expect(await store.getState().poll()).toBe(false)
    expect(store.getState().status).toBe('waiting')
    expect(await store.getState().poll()).toBe(true)
    expect(adopted).toEqual(['t-web'])
    expect(store.getState()).toMatchObject({ status: 'idle', ticket: null })
    expect(await store.getState().poll()).toBe(false)
  })

  it('on the browser: shows an expired code as expired, and stops polling', async () => {
    const { store, polls } = setup()
    await store.getState().start()
    polls.push({ status: 'expired' })
    expect(await store.getState().poll()).toBe(false)
    expect(store.getState().status).toBe('expired')
    polls.push({ status: 'approved', token: 't-late', user })
    expect(await store.getState().poll()).toBe(false)
  })

  it('on the phone: shows who asks, approves once, and names a refusal', async () => {
    const { store, approved } = setup()
    expect(await store.getState().approve()).toBe(false)
    await store.getState().load('w-abcdefghij12345')
    expect(store.getState().request).toMatchObject({ ip: '10.0.0.8', expired: false })
    expect(await store.getState().approve()).toBe(true)
    expect(store.getState()).toMatchObject({ approving: false, request: { expired: true } })
    expect(approved).toEqual(['w-abcdefghij12345'])
    await store.getState().load('w-late')
    expect(await store.getState().approve()).toBe(false)
    expect(store.getState()).toMatchObject({ approving: false, error: '二维码已过期，请在电脑上刷新后重新扫码' })
    await store.getState().load('w-gone')
    expect(store.getState()).toMatchObject({ request: null, error: '登录请求不存在' })
  })
})
