import dayjs from 'dayjs'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { VERDICT_LABELS } from '../../core'
import { outboxStore, syncWorker, useOutbox } from '../../stores'
import { entryStatus, outboxCounts, type OutboxEntry } from '../../stores/outbox'
import { EmptyState } from '../../components/EmptyState'
import './index.scss'

const TONE_TAG = { neutral: 'tag-info', warn: 'tag-warn', error: 'tag-fail' } as const

function photoLine(entry: OutboxEntry): string {
  if (entry.photos.length === 0) return '无截图'
  const received = entry.photos.filter((p) => p.uploaded).length
  const lost = entry.photos.filter((p) => p.lost).length
  return `${received}/${entry.photos.length} 张截图已接收${lost ? `，${lost} 张本地文件已丢失` : ''}`
}

export default function SyncPage() {
  const entries = useOutbox((s) => s.entries)
  const synced = useOutbox((s) => s.synced)
  const sending = useOutbox((s) => s.sending)
  const counts = outboxCounts(entries)

  return (
    <View className='page sync'>
      <View className='sync-head'>
        <View className='sync-counts'>
          <View className='sync-count'>
            <Text className='sync-count-value'>{counts.pending}</Text>
            <Text className='sync-count-label'>待上传</Text>
          </View>
          <View className='sync-count'>
            <Text className='sync-count-value'>{counts.offline}</Text>
            <Text className='sync-count-label'>等待联网</Text>
          </View>
          <View className='sync-count'>
            <Text className='sync-count-value'>{counts.retrying}</Text>
            <Text className='sync-count-label'>稍后重试</Text>
          </View>
          <View className='sync-count'>
            <Text className='sync-count-value'>{counts.parked}</Text>
            <Text className='sync-count-label'>需处理</Text>
          </View>
        </View>
        <Button className='sync-now' type='primary' fill='outline' block onClick={() => void syncWorker.syncNow()}>
          立即同步
        </Button>
      </View>

      {entries.length === 0 ? <EmptyState title='没有待同步的记录' hint='提交的检查结果都已被服务器接收' /> : null}
      {[...entries]
        .sort((a, b) => a.seq - b.seq)
        .map((e) => (
          <View className='card sync-entry' key={e.clientId} data-client-id={e.clientId}>
            <View className='row'>
              <Text className='sync-label'>{e.label}</Text>
              <View className='spacer' />
              <Text className={`tag ${TONE_TAG[entryStatus(e, sending).tone]}`}>{entryStatus(e, sending).label}</Text>
            </View>
            <Text className='muted'>
              {e.verdict ? `${VERDICT_LABELS[e.verdict]} · ` : ''}{photoLine(e)} · 提交于 {dayjs(e.createdAt).format('M月D日 HH:mm')}
            </Text>
            <Text className={`sync-status sync-status-${entryStatus(e, sending).tone} sync-error`}>{entryStatus(e, sending).text}</Text>
            {e.state !== 'pending' ? (
              <View
                className='sync-retry'
                onClick={() => {
                  outboxStore.getState().retry(e.clientId)
                  void syncWorker.kick()
                }}
              >
                重试
              </View>
            ) : null}
          </View>
        ))}

      {synced.length > 0 ? <Text className='sync-section'>最近已同步</Text> : null}
      {synced.map((s) => (
        <View className='card sync-entry' key={s.clientId}>
          <View className='row'>
            <Text className='sync-label'>{s.label}</Text>
            <View className='spacer' />
            <Text className={`tag ${s.complete ? 'tag-pass' : 'tag-fail'}`}>{s.complete ? '已同步' : '截图不全'}</Text>
          </View>
          <Text className='muted'>
            {s.verdict ? VERDICT_LABELS[s.verdict] : '整改反馈'}
            {s.expected > 0 ? ` · ${s.held}/${s.expected} 张截图已接收` : ''} · {dayjs(s.at).format('M月D日 HH:mm')}
          </Text>
        </View>
      ))}
    </View>
  )
}
