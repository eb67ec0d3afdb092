import { Text, View } from '@tarojs/components'
import { formatRoundTime, type AuditItem } from '../core'

/** Audit entries in plain Chinese, newest first: what happened, when (and from where, if asked). */
export function AuditEntries({ items, showIp = false }: { items: AuditItem[]; showIp?: boolean }) {
  return (
    <View>
      {items.map((h) => (
        <View className='entry audit-item' key={h.id}>
          <Text className='entry-text audit-text'>{h.summary}</Text>
          <Text className='muted'>
            {formatRoundTime(h.at, { withYear: true })}
            {showIp ? ` · ${h.ip}` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
