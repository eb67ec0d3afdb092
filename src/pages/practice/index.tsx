import { pickScreenshots } from '../../platform/pick'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { MAX_NOTE_LENGTH, PRACTICE_THEME_LABELS, PRACTICE_THEMES } from '../../core'
import { practiceStore, useOutbox, usePractice } from '../../stores'
import { MAX_PHOTOS_PER_ITEM } from '../../stores/inspection'
import { entryStatus } from '../../stores/outbox'
import { PhotoPicker } from '../../components/PhotoPicker'
import './index.scss'

/** An inspector flags what an account does well: a theme, a note, screenshots; saved on the phone and synced. */
export default function PracticePage() {
  const router = useRouter()
  const target = usePractice((s) => s.target)
  const theme = usePractice((s) => s.theme)
  const note = usePractice((s) => s.note)
  const photos = usePractice((s) => s.photos)
  const keeping = usePractice((s) => s.keeping)
  const error = usePractice((s) => s.error)
  const queued = usePractice((s) => s.queued)
  const waiting = useOutbox((s) => (queued ? s.entries.find((e) => e.clientId === queued) : undefined))
  const outboxSending = useOutbox((s) => s.sending)
  const synced = useOutbox((s) => (queued ? s.synced.some((e) => e.clientId === queued) : false))

  useLoad(() => {
    const { roundId = '', accountId = '', name = '' } = router.params
    practiceStore.getState().start({ roundId, accountId, accountName: decodeURIComponent(name) })
  })
  const store = practiceStore.getState()
  const pick = async () => {
    const paths = await pickScreenshots(MAX_PHOTOS_PER_ITEM - photos.length)
    if (paths.length > 0) await store.addPhotos(paths)
  }
  const submit = () => {
    if (store.submit()) void Taro.showToast({ title: '典型做法已保存', icon: 'success' })
  }
  const status = queued ? (synced ? '已上传，管理员可选入通报' : waiting ? entryStatus(waiting, outboxSending).text : '') : ''

  return (
    <View className='page practice'>
      <View className='card practice-head'>
        <Text className='practice-account'>{target?.accountName ?? ''}</Text>
        <Text className='muted practice-hint'>看到值得推广的做法就记下来：写明好在哪里，附上截图。管理员汇总后选入通报的「主要做法和成效」。</Text>
      </View>
      {queued ? (
        <View className='card practice-queued'>
          <Text className='practice-queued-text'>刚记录的典型做法：{status}</Text>
        </View>
      ) : null}
      <View className='card'>
        <Text className='card-title'>做法类别</Text>
        <View className='practice-themes'>
          {PRACTICE_THEMES.map((t) => (
            <View key={t} className={`chip practice-theme ${theme === t ? 'chip-active' : ''}`} data-theme={t} onClick={() => store.setTheme(t)}>
              {PRACTICE_THEME_LABELS[t]}
            </View>
          ))}
        </View>
        <Text className='card-title practice-label'>好在哪里</Text>
        <View className='field-textarea'>
          <Textarea className='practice-note' value={note} maxlength={MAX_NOTE_LENGTH} autoHeight placeholder='例如：开设“城管服务”栏目，市民可在线反映问题并查询办理进度' onInput={(e) => store.setNote(e.detail.value)} />
        </View>
        <Text className='card-title practice-label'>截图（选填）</Text>
        <PhotoPicker photos={photos} max={MAX_PHOTOS_PER_ITEM} addText='添加截图' onAdd={() => void pick()} onRemove={(i) => store.removePhoto(i)} />
        {error ? <Text className='error-text'>{error}</Text> : null}
        <Button className='practice-submit' type='primary' size='large' block loading={keeping > 0} onClick={submit}>
          {keeping > 0 ? '正在保存截图…' : '保存典型做法'}
        </Button>
      </View>
    </View>
  )
}
