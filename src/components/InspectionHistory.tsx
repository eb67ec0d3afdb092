import { Text, View } from '@tarojs/components'
import { formatRoundTime, VERDICT_LABELS } from '../core'
import type { Checkpoint, InspectionHistoryItem } from '../api/types'
import './InspectionHistory.scss'

interface Props {
  items: InspectionHistoryItem[] | null
  error: string | null
  checkpoints: Checkpoint[]
  /** Opens the account's full audit trail (admins). */
  onAudit?: () => void
}

/** Every submission for an account in this round, newest first: who, when, what failed, which one counts. */
export function InspectionHistory({ items, error, checkpoints, onAudit }: Props) {
  const seq = (id: string) => checkpoints.find((c) => c.id === id)?.seq
  return (
    <View className='card history'>
      <View className='row'>
        <Text className='card-title'>本批次检查记录</Text>
        <View className='spacer' />
        {onAudit ? (
          <Text className='history-audit' onClick={onAudit}>
            操作记录
          </Text>
        ) : null}
      </View>
      {items === null ? <Text className='muted'>{error ? `检查记录暂时无法加载：${error}` : '正在加载…'}</Text> : null}
      {items !== null && items.length === 0 ? <Text className='muted'>本批次还没有提交过检查结果</Text> : null}
      {(items ?? []).map((h) => (
        <View className='entry history-item' key={`${h.clientId}-${h.version}`}>
          <View className='row'>
            <Text className={`tag ${h.verdict === 'fail' ? 'tag-fail' : 'tag-pass'}`}>{VERDICT_LABELS[h.verdict]}</Text>
            <Text className='history-who'>
              第{seq(h.checkpointId) ?? '?'}次监测 · {h.inspector}
            </Text>
            <View className='spacer' />
            {h.current ? <Text className='tag tag-info'>当前结果</Text> : <Text className='muted'>已被替换</Text>}
          </View>
          <Text className='muted'>{formatRoundTime(h.submittedAt, { withYear: true })} 提交</Text>
          {h.failed.map((f) => (
            <Text className='history-failed' key={f.code}>
              不合格：{f.title}
              {f.note ? `（${f.note}）` : ''}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}
