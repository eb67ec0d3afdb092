import dayjs from 'dayjs'
import { Text, View } from '@tarojs/components'
import './OfflineNote.scss'

/** 「离线 · 数据截至 12月4日 16:40」: what is shown is the phone's copy; it updates by itself when the network returns. */
export function OfflineNote(props: { since: number | null }) {
  if (props.since === null) return null
  const at = dayjs(props.since)
  const when = at.isSame(dayjs(), 'day') ? `今天 ${at.format('HH:mm')}` : at.format('M月D日 HH:mm')
  return (
    <View className='offline-note' data-offline-since={props.since}>
      <Text className='offline-note-main'>离线 · 数据截至 {when}</Text>
      <Text className='offline-note-hint'>可以继续检查，联网后自动上传和更新</Text>
    </View>
  )
}
