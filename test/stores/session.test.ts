import { createSessionStore, SESSION_KEY } from '../../src/stores/session'
import { memoryStorage } from '../../src/stores/memory-storage'
import { ApiError } from '../../src/api/transport'

const user = { id: 'u-inspector', username: 'inspector', name: '张敏', role: 'inspector' as const, departmentId: 'd-city-bgs', departmentName: '无锡市人民政府办公室' }

function api(fail = false, calls: string[] = []) {
  return {
    loginWeChat: async (code: string | null) => {
      calls.push(`wechat ${code}`)
      if (code === 'code-known') return { status: 'signed-in' as const, token: 't-wx', user }
      if (code === 'bad') throw new ApiError(400, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已使用，请重新点击微信登录')
      return { status: 'bind-required' as const, ticket: 't-ticket' }
    },
    bind: async (ticket: string, code: string) => {
      calls.push(`bind ${ticket} ${code}`)
      if (code === 'DEADDEAD') throw new ApiError(410, 'TICKET_INVALID', '登录已失效，请重新点击微信登录')
      if (code !== 'ACDEFGHJ') throw new ApiError(400, 'BIND_CODE_INVALID', '绑定码不正确，请核对后重新输入')
      return { token: 't-bound', user }
    },
    signInWithCode: async (code: string) => {
      calls.push(`code ${code}`)
      if (code !== 'ACDEFGHJ') throw new ApiError(400, 'BIND_CODE_INVALID', '绑定码不正确，请核对后重新输入')
      return { token: 't-browser', user }
    },
    logout: async () => {
      calls.push('logout')
      return { ok: true as const }
    },
    demoUsers: async () => ({ items: [{ username: 'inspector', name: '张敏', role: 'inspector' as const, departmentId: null, departmentName: null }] }),
    loginDemo: async (username: string) => {
      if (fail) throw new ApiError(404, 'USER_NOT_FOUND', '该演示用户不存在')
      return { token: `t-${username}`, user }
    }
  }
}

describe('the session store', () => {
  it('persists only the token and the user, versioned', async () => {
    const storage = memoryStorage()
    const store = createSessionStore({ api: api(), storage, wechatCode: async () => 'code-x' })
    await store.getState().loadDemoUsers()
    expect(await store.getState().loginDemo('inspector')).toBe(true)
    const saved = JSON.parse(storage.dump()[SESSION_KEY] ?? '{}')
    expect(saved).toEqual({ state: { token: 't-inspector', user }, version: 1 })
  })

  it('restores a saved session on start', () => {
    const storage = memoryStorage({ [SESSION_KEY]: JSON.stringify({ state: { token: 't-1', user }, version: 1 }) })
    const store = createSessionStore({ api: api(), storage, wechatCode: async () => 'code-x' })
    expect(store.getState().token).toBe('t-1')
    expect(store.getState().user?.name).toBe('张敏')
  })

  it('shows the server’s message when a login fails, and stays logged out', async () => {
    const store = createSessionStore({ api: api(true), storage: memoryStorage(), wechatCode: async () => 'code-x' })
    expect(await store.getState().loginDemo('nobody')).toBe(false)
    expect(store.getState().error).toBe('该演示用户不存在')
    expect(store.getState().token).toBeNull()
  })

  it('forgets the session on logout', async () => {
    const storage = memoryStorage()
    const store = createSessionStore({ api: api(), storage, wechatCode: async () => 'code-x' })
    await store.getState().loginDemo('inspector')
    await store.getState().logout()
    expect(JSON.parse(storage.dump()[SESSION_KEY] ?? '{}').state).toEqual({ token: null, user: null })
  })

  it('signs a known WeChat user in, and asks a new one for their bind code', async () => {
    const calls: string[] = []
    const known = createSessionStore({ api: api(false, calls), storage: memoryStorage(), wechatCode: async () => 'code-known' })
    expect(await known.getState().loginWeChat()).toBe(true)
    expect(known.getState().token).toBe('t-wx')
    const fresh = createSessionStore({ api: api(false, calls), storage: memoryStorage(), wechatCode: async () => 'code-new' })
    expect(await fresh.getState().loginWeChat()).toBe(false)
    expect(fresh.getState().ticket).toBe('t-ticket')
    expect(await fresh.getState().bind('acde-fghk')).toBe(false)
    expect(fresh.getState().error).toBe('绑定码不正确，请核对后重新输入')
    expect(await fresh.getState().bind('abc')).toBe(false)
    expect(fresh.getState().error).toBe('绑定码是 8 位字母和数字，请核对后重新输入')
    expect(await fresh.getState().bind('acde fghj')).toBe(true)
    expect(fresh.getState()).toMatchObject({ token: 't-bound', ticket: null, error: null })
    expect(calls).toEqual(['wechat code-known', 'wechat code-new', 'bind t-ticket ACDEFGHK', 'bind t-ticket ACDEFGHJ'])
  })

  it('signs a browser in with the bind code alone (no WeChat ticket), normalised', async () => {
    const calls: string[] = []
    const store = createSessionStore({ api: api(false, calls), storage: memoryStorage(), wechatCode: async () => null })
    expect(await store.getState().bind('acde-fghk')).toBe(false)
    expect(store.getState()).toMatchObject({ token: null, error: '绑定码不正确，请核对后重新输入' })
    expect(await store.getState().bind('1')).toBe(false)
    expect(await store.getState().bind(' acde fghj ')).toBe(true)
    expect(store.getState()).toMatchObject({ token: 't-browser', user, error: null })
    expect(calls).toEqual(['code ACDEFGHK', 'code ACDEFGHJ'])
  })

  it('drops a dead ticket so the person starts again, and shows WeChat’s refusal', async () => {
    const store = createSessionStore({ api: api(), storage: memoryStorage(), wechatCode: async () => 'code-new' })
    await store.getState().loginWeChat()
    expect(await store.getState().bind('DEADDEAD')).toBe(false)
    expect(store.getState().ticket).toBeNull()
    const bad = createSessionStore({ api: api(), storage: memoryStorage(), wechatCode: async () => 'bad' })
    expect(await bad.getState().loginWeChat()).toBe(false)
    expect(bad.getState().error).toContain('微信登录凭证无效')
  })

  it('forgets a session the server ended, with a notice, but only for that token', async () => {
    const store = createSessionStore({ api: api(), storage: memoryStorage(), wechatCode: async () => 'code-known' })
    await store.getState().loginWeChat()
    store.getState().ended('t-other')
    expect(store.getState().token).toBe('t-wx')
    store.getState().ended('t-wx')
    expect(store.getState()).toMatchObject({ token: null, user: null, notice: expect.stringContaining('登录已失效') })
  })
})
