import { ApiError } from '../../src/api/transport'
import type { CircularView } from '../../src/core'
import { createCircularStore } from '../../src/stores/circular'

/** The circular page's store: the preview, the admin's edits kept until saved, a refusal named. */

const view = (patch: Partial<CircularView> = {}): CircularView =>
  ({ office: '无锡市人民政府办公室', docNo: '', title: '关于…的通报', practices: '', nextSteps: '（一）…', updatedAt: null, updatedBy: null, preview: { sections: [] }, ...patch }) as unknown as CircularView

describe('the circular store', () => {
  it('keeps edits as a draft, saves them, and shows what the server answers', async () => {
    const sent: unknown[] = []
    const store = createCircularStore({
      api: {
        circular: async () => view(),
        saveCircular: async (_id: string, body: object) => {
          sent.push(body)
          return view({ ...body, updatedBy: '王珊' })
        }
      }
    })
    expect(await store.getState().save()).toBe(false)
    await store.getState().load('r-1')
    store.getState().edit({ practices: '无锡城管开设服务栏目。' })
    store.getState().edit({ docNo: '锡政办发〔2024〕12号' })
    expect(store.getState().view?.practices).toBe('')
    expect(await store.getState().save()).toBe(true)
    expect(sent).toEqual([{ office: '无锡市人民政府办公室', docNo: '锡政办发〔2024〕12号', title: '关于…的通报', practices: '无锡城管开设服务栏目。', nextSteps: '（一）…' }])
    expect(store.getState()).toMatchObject({ draft: null, busy: false, view: { practices: '无锡城管开设服务栏目。', updatedBy: '王珊' } })
  })

  it('names a refused save and keeps the edits', async () => {
    const store = createCircularStore({
      api: {
        circular: async () => view(),
        saveCircular: async () => {
          throw new ApiError(400, 'CIRCULAR_INVALID', '标题不能为空，且不超过80个字')
        }
      }
    })
    await store.getState().load('r-1')
    store.getState().edit({ title: '' })
    expect(await store.getState().save()).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, error: '标题不能为空，且不超过80个字', draft: { title: '' } })
  })

  it('starts afresh for another round, and names a failed load', async () => {
    let fail = false
    const store = createCircularStore({
      api: {
        circular: async (id: string) => {
          if (fail) throw new ApiError(404, 'NOT_FOUND', '检查批次不存在')
          return view({ title: id })
        },
        saveCircular: async () => view()
      }
    })
    await store.getState().load('r-1')
    store.getState().edit({ practices: 'x' })
    fail = true
    await store.getState().load('r-2')
    expect(store.getState()).toMatchObject({ roundId: 'r-2', view: null, draft: null, error: '检查批次不存在', loading: false })
  })
})
