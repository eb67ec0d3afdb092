import { Text, View } from '@tarojs/components'
import './EmptyState.scss'

interface Props {
  title: string
  hint?: string
  actionText?: string
  onAction?: () => void
  tone?: 'empty' | 'error'
}

/** What a list shows when it has nothing, or could not load. */
export function EmptyState({ title, hint, actionText, onAction, tone = 'empty' }: Props) {
  return (
    <View className={`empty-state empty-state-${tone}`}>
      <View className='empty-state-icon'>{tone === 'error' ? '!' : '∅'}</View>
      <Text className='empty-state-title'>{title}</Text>
      {hint ? <Text className='empty-state-hint'>{hint}</Text> : null}
      {actionText && onAction ? (
        <View className='empty-state-action' onClick={onAction}>
          {actionText}
        </View>
      ) : null}
    </View>
  )
}
