import Taro, { useLoad, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { auditStore, useAudit } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { AuditEntries } from '../../../../components/AuditEntries'
import './index.scss'

const ENTITY_LABELS: Record<string, string> = { account: '账号', issue: '问题', user: '人员', department: '单位', round: '批次' }

/** The audit trail of one account, issue or person (or everything, newest first), in plain Chinese. */
export default function AuditPage() {
  const router = useRouter()
  const entity = router.params.entity ?? ''
  const entityId = router.params.entityId ?? ''
  const title = router.params.title ? decodeURIComponent(router.params.title) : ''
  const items = useAudit((s) => s.items)
  const total = useAudit((s) => s.total)
  const error = useAudit((s) => s.error)
  const loading = useAudit((s) => s.loading)
  const load = async () => {
    await auditStore.getState().load({ ...(entity ? { entity } : {}), ...(entityId ? { entityId } : {}) })
    Taro.stopPullDownRefresh()
  }
  useLoad(() => void load())
  usePullDownRefresh(() => void load())

  return (
    <View className='page audit'>
      <View className='hero'>
        <Text className='hero-title'>{title || (entity ? `${ENTITY_LABELS[entity] ?? ''}操作记录` : '全部操作记录')}</Text>
        <Text className='audit-sub'>共 {total} 条 · 只能查看，不能修改</Text>
      </View>
      {error ? <EmptyState tone='error' title='操作记录加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!loading && !error && items.length === 0 ? <EmptyState title='暂无操作记录' /> : null}
      {items.length > 0 ? (
        <View className='card'>
          <AuditEntries items={items} showIp />
        </View>
      ) : null}
    </View>
  )
}
