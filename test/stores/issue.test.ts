import { ApiError } from '../../src/api/transport'
import type { IssueDetail } from '../../src/api/types'
import { memoryFiles } from '../../src/platform/files'
import { createIssueStore } from '../../src/stores/issue'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'

const detail = {
  id: 'iss-1',
  status: 'open',
  account: { id: 'a-1', name: '健康无锡', platform: 'wechat' },
  round: { id: 'r-2024q2', name: '2024年第二季度', deadline: '2024-07-19' }
} as unknown as IssueDetail

function setup(reminders: { deadline: string; returned: string } | null | 'offline' = { deadline: 'tmpl-deadline', returned: 'tmpl-returned' }) {
  const files = memoryFiles()
  files.put('tmp://fix', new Uint8Array([7, 7, 7]))
  const outbox = createOutboxStore({ storage: memoryStorage() })
  const calls: string[] = []
  const store = createIssueStore({
    api: {
      issue: async () => detail,
      reviewIssue: async (_id, _c, body) => {
        calls.push(body.decision)
        if (body.decision === 'verify') throw new ApiError(409, 'ISSUE_STATE', '只有已反馈的问题才能确认')
        return { ...detail, status: 'returned' }
      },
      subscribe: async (kinds) => {
        calls.push(`subscribe:${kinds.join(',')}`)
        return { remaining: { deadline: 1, returned: 1 } }
      },
      me: async () => {
        calls.push('me')
        if (reminders === 'offline') throw new ApiError(0, 'NETWORK', '网络连接中断')
        return { user: {} as never, today: '2024-07-10', ocr: false, cityWide: false, reminders }
      }
    },
    files,
    outbox,
    newId: () => 'ans-test-01'
  })
  return { store, outbox, calls }
}

describe('the issue store', () => {
  it('writes a liaison’s answer with its screenshots into the outbox', async () => {
    const { store, outbox } = setup()
    await store.getState().load('iss-1')
    expect(store.getState().answer()).toBe(false)
    expect(store.getState().error).toBe('请填写整改情况说明')
    store.getState().setNote(' 已修复子菜单 ')
    expect(store.getState().answer()).toBe(false)
    expect(store.getState().error).toBe('请至少附一张整改后的截图')
    await store.getState().addPhotos(['tmp://fix'])
    expect(store.getState().answer()).toBe(true)
    expect(outbox.getState().entries[0]).toMatchObject({ kind: 'answer', issueId: 'iss-1', clientId: 'ans-test-01', label: '健康无锡 · 整改反馈', body: { note: '已修复子菜单' } })
    expect(store.getState().queued).toBe('ans-test-01')
  })

  it('needs a reason to return, and shows the server’s refusal', async () => {
    const { store, calls } = setup()
    await store.getState().load('iss-1')
    expect(await store.getState().review('return', ' ')).toBe(false)
    expect(store.getState().error).toBe('退回时请写明原因')
    expect(await store.getState().review('return', '截图不清晰')).toBe(true)
    expect(store.getState().detail?.status).toBe('returned')
    expect(await store.getState().review('verify', '')).toBe(false)
    expect(store.getState().error).toBe('只有已反馈的问题才能确认')
    expect(calls.filter((c) => c !== 'me')).toEqual(['return', 'verify'])
  })

  it('records only the reminders the liaison accepted', async () => {
    const { store, calls } = setup()
    expect(await store.getState().subscribe([])).toBe('未订阅提醒')
    expect(await store.getState().subscribe(['deadline', 'returned'])).toBe('已订阅：整改截止前和反馈被退回时会提醒您')
    expect(await store.getState().subscribe(['deadline'])).toBe('已订阅：整改截止前会提醒您')
    expect(await store.getState().subscribe(['returned'])).toBe('已订阅：反馈被退回时会提醒您')
    expect(calls).toEqual(['subscribe:deadline,returned', 'subscribe:deadline', 'subscribe:returned'])
  })

  it('learns once from the server which reminders it sends, and asks again after a failed try', async () => {
    const on = setup()
    expect(on.store.getState().reminders).toBeUndefined()
    await on.store.getState().load('iss-1')
    await new Promise((r) => setImmediate(r))
    await on.store.getState().load('iss-1')
    expect(on.store.getState().reminders).toEqual({ deadline: 'tmpl-deadline', returned: 'tmpl-returned' })
    expect(on.calls.filter((c) => c === 'me')).toHaveLength(1)

    const off = setup(null)
    await off.store.getState().load('iss-1')
    await new Promise((r) => setImmediate(r))
    expect(off.store.getState().reminders).toBeNull()

    const offline = setup('offline')
    await offline.store.getState().load('iss-1')
    await offline.store.getState().load('iss-1')
    await new Promise((r) => setImmediate(r))
    expect(offline.store.getState().reminders).toBeUndefined()
    expect(offline.calls.filter((c) => c === 'me')).toHaveLength(2)
  })
})
