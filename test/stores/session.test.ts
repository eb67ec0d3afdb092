import { createSessionStore, SESSION_KEY } from '../../src/stores/session'
import { memoryStorage } from '../../src/stores/memory-storage'
import { ApiError } from '../../src/api/transport'

const user = { id: 'u-inspector', username: 'inspector', name: '张敏', role: 'inspector' as const, departmentId: 'd-city-bgs', departmentName: '无锡市人民政府办公室' }

function api(fail = false) {
  return {
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
    const store = createSessionStore({ api: api(), storage })
    await store.getState().loadDemoUsers()
    expect(await store.getState().loginDemo('inspector')).toBe(true)
    const saved = JSON.parse(storage.dump()[SESSION_KEY] ?? '{}')
    expect(saved).toEqual({ state: { token: 't-inspector', user }, version: 1 })
  })

  it('restores a saved session on start', () => {
    const storage = memoryStorage({ [SESSION_KEY]: JSON.stringify({ state: { token: 't-1', user }, version: 1 }) })
    const store = createSessionStore({ api: api(), storage })
    expect(store.getState().token).toBe('t-1')
    expect(store.getState().user?.name).toBe('张敏')
  })

  it('shows the server’s message when a login fails, and stays logged out', async () => {
    const store = createSessionStore({ api: api(true), storage: memoryStorage() })
    expect(await store.getState().loginDemo('nobody')).toBe(false)
    expect(store.getState().error).toBe('该演示用户不存在')
    expect(store.getState().token).toBeNull()
  })

  it('forgets the session on logout', async () => {
    const storage = memoryStorage()
    const store = createSessionStore({ api: api(), storage })
    await store.getState().loginDemo('inspector')
    store.getState().logout()
    expect(JSON.parse(storage.dump()[SESSION_KEY] ?? '{}').state).toEqual({ token: null, user: null })
  })
})
