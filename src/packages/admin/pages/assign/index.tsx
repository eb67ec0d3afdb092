import { useRef, useState } from 'react'
import Taro, { useLoad, useReachBottom, useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { PLATFORM_LABELS } from '../../../../core'
import { assignmentStore, useAssignment } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

/**
 * A round's accounts one by one (admin): who each is assigned to, the ones nobody has yet, and
 * moving an account to another inspector. The even share-out on the rounds page does the bulk.
 */
export default function AssignPage() {
  const router = useRouter()
  const items = useAssignment((s) => s.items)
  const total = useAssignment((s) => s.total)
  const inspectors = useAssignment((s) => s.inspectors)
  const assignee = useAssignment((s) => s.assignee)
  const q = useAssignment((s) => s.q)
  const loading = useAssignment((s) => s.loading)
  const saving = useAssignment((s) => s.saving)
  const error = useAssignment((s) => s.error)
  const [open, setOpen] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const roundName = decodeURIComponent(router.params.name ?? '')

  useLoad(() => void assignmentStore.getState().open(router.params.roundId ?? ''))
  useReachBottom(() => void assignmentStore.getState().loadMore())

  const onSearch = (text: string) => {
    assignmentStore.setState({ q: text })
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void assignmentStore.getState().search({ q: text }), 300)
  }
  const give = async (accountId: string, inspectorId: string) => {
    if (await assignmentStore.getState().assign(accountId, inspectorId)) {
      setOpen(null)
      void Taro.showToast({ title: '已调整', icon: 'success' })
    }
  }
  const filters: { id: string | null; label: string }[] = [{ id: null, label: '全部' }, { id: 'none', label: '未分配' }, ...inspectors.map((p) => ({ id: p.id, label: p.name }))]

  return (
    <View className='page assign'>
      <View className='hero'>
        <Text className='hero-title'>{roundName || '调整分配'}</Text>
        <Text className='assign-sub'>点开账号，选择检查员；检查员只能检查分配给自己的账号</Text>
      </View>
      <View className='card'>
        <Input className='field-input assign-input' value={q} placeholder='账号名称或单位' confirmType='search' onInput={(e) => onSearch(e.detail.value)} />
        <View className='chips assign-filters'>
          {filters.map((f) => (
            <Text key={f.id ?? 'all'} className={`chip ${assignee === f.id ? 'chip-active' : ''}`} onClick={() => void assignmentStore.getState().search({ assignee: f.id })}>
              {f.label}
            </Text>
          ))}
        </View>
      </View>
      <Text className='muted assign-count'>{`共 ${total} 个账号`}</Text>
      {error ? <Text className='error-text assign-error'>{error}</Text> : null}
      {!loading && !error && items.length === 0 ? <EmptyState title='没有符合条件的账号' /> : null}
      {items.map((a) => (
        <View className='card assign-account' key={a.id} data-account={a.name}>
          <View className='row assign-head' onClick={() => setOpen(open === a.id ? null : a.id)}>
            <View className='assign-main'>
              <Text className='assign-name'>{a.name}</Text>
              <Text className='muted assign-unit'>{`${a.platformName || PLATFORM_LABELS[a.platform]} · ${a.department.name}`}</Text>
            </View>
            <View className='spacer' />
            <Text className={`tag ${a.inspector ? 'tag-info' : 'tag-warn'}`}>{a.inspector ? a.inspector.name : '未分配'}</Text>
          </View>
          {open === a.id ? (
            <View className='chips assign-choices'>
              {inspectors.map((p) => (
                <Text key={p.id} className={`chip ${a.inspector?.id === p.id ? 'chip-active' : ''}`} onClick={() => (a.inspector?.id === p.id || saving ? undefined : void give(a.id, p.id))}>
                  {saving === a.id ? '保存中…' : p.name}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      ))}
      {loading && items.length > 0 ? <Text className='muted assign-more'>加载中…</Text> : null}
    </View>
  )
}
