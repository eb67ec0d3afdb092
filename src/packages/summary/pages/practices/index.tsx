import { useState } from 'react'
import Taro, { useLoad, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRoundTime, MAX_NOTE_LENGTH, PRACTICE_THEME_LABELS, PRACTICE_THEMES, practiceText, type PracticeTheme } from '../../../../core'
import type { PracticeItem } from '../../../../api/types'
import { api, practicesStore, sessionStore, usePractices } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { platformLabel } from '../../../../components/labels'
import { ProofreadHint } from '../../../../components/ProofreadHint'
import './index.scss'

/**
 * A round's good practices, grouped by theme: what the inspectors flagged, with their screenshots.
 * The admin rewords one for the circular, moves it to another theme, and picks it (选入通报);
 * a leader reads them.
 */
export default function PracticesPage() {
  const router = useRouter()
  const roundId = router.params.roundId ?? ''
  const list = usePractices((s) => s.list)
  const error = usePractices((s) => s.error)
  const saving = usePractices((s) => s.saving)
  const [editing, setEditing] = useState<{ id: string; wording: string; theme: PracticeTheme } | null>(null)
  const isAdmin = sessionStore.getState().user?.role === 'admin'
  const store = practicesStore.getState()

  useLoad(() => void store.load(roundId))
  usePullDownRefresh(() => {
    void store.load(roundId).finally(() => Taro.stopPullDownRefresh())
  })

  if (!list) {
    return <View className='page'>{error ? <EmptyState tone='error' title='典型做法加载失败' hint={error} actionText='重试' onAction={() => void store.load(roundId)} /> : <EmptyState title='正在加载…' />}</View>
  }
  const preview = (shas: string[], i: number) => {
    const urls = shas.map((s) => api.evidenceUrl(s))
    void Taro.previewImage({ urls, current: urls[i] })
  }
  const save = async () => {
    if (!editing) return
    if (await store.save(editing.id, { wording: editing.wording, theme: editing.theme })) {
      setEditing(null)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    }
  }
  const toggle = async (item: PracticeItem) => {
    if (await store.save(item.id, { picked: !item.picked })) void Taro.showToast({ title: item.picked ? '已移出通报' : '已选入通报', icon: 'none' })
  }
  const card = (item: PracticeItem) => {
    const open = editing?.id === item.id
    return (
      <View key={item.id} className={`practice-item ${item.picked ? 'practice-picked' : ''}`} data-account={item.account.name}>
        <View className='row'>
          <Text className='practice-item-account'>{item.account.name}</Text>
          <Text className='tag tag-info'>{platformLabel(item.account)}</Text>
          <View className='spacer' />
          {item.picked ? <Text className='tag tag-pass'>已选入通报</Text> : null}
        </View>
        <Text className='muted'>{`${item.department.name} · ${item.inspector.name} 记录于 ${formatRoundTime(item.createdAt)}`}</Text>
        <Text className='practice-item-text'>{practiceText(item)}</Text>
        {item.wording ? <Text className='muted practice-item-note'>{`检查员原文：${item.note}`}</Text> : null}
        {item.evidence.length > 0 ? (
          <View className='practice-gallery'>
            {item.evidence.map((sha, i) => (
              <Image key={sha} className='practice-img' src={api.thumbUrl(sha)} mode='aspectFill' onClick={() => preview(item.evidence, i)} />
            ))}
          </View>
        ) : null}
        {isAdmin && open ? (
          <View className='practice-edit'>
            <Text className='muted'>通报中的表述（不必写账号名称，通报会自动加上）</Text>
            <View className='field-textarea'>
              <Textarea className='practice-wording' value={editing.wording} maxlength={MAX_NOTE_LENGTH} autoHeight onInput={(e) => setEditing({ ...editing, wording: e.detail.value })} />
              <ProofreadHint text={editing.wording} />
            </View>
            <View className='practice-themes'>
              {PRACTICE_THEMES.map((t) => (
                <View key={t} className={`chip ${editing.theme === t ? 'chip-active' : ''}`} onClick={() => setEditing({ ...editing, theme: t })}>
                  {PRACTICE_THEME_LABELS[t]}
                </View>
              ))}
            </View>
            <View className='practice-actions'>
              <Button className='practice-save' type='primary' loading={saving === item.id} onClick={() => void save()}>
                保存
              </Button>
              <Button className='practice-cancel' fill='outline' onClick={() => setEditing(null)}>
                取消
              </Button>
            </View>
          </View>
        ) : null}
        {isAdmin && !open ? (
          <View className='practice-actions'>
            <Button className='practice-pick' type={item.picked ? 'default' : 'primary'} fill={item.picked ? 'outline' : 'solid'} loading={saving === item.id} onClick={() => void toggle(item)}>
              {item.picked ? '移出通报' : '选入通报'}
            </Button>
            <Button className='practice-reword' fill='outline' onClick={() => setEditing({ id: item.id, wording: practiceText(item), theme: item.theme })}>
              修改表述
            </Button>
          </View>
        ) : null}
      </View>
    )
  }

  return (
    <View className='page practices'>
      <View className='card practices-head'>
        <Text className='practices-count'>{`共 ${list.total} 条，已选入通报 ${list.picked} 条`}</Text>
        <Text className='muted'>检查员在检查时记录；选入的做法按类别列入通报「二、主要做法和成效」，并写明账号名称。</Text>
        {error ? <Text className='error-text'>{error}</Text> : null}
      </View>
      {list.groups.length === 0 ? <EmptyState title='本批次还没有记录典型做法' hint='检查员可在账号检查页面点「典型做法 · 记录」' /> : null}
      {list.groups.map((g) => (
        <View key={g.theme} className='card practices-group' data-theme={g.theme}>
          <Text className='card-title'>{`${PRACTICE_THEME_LABELS[g.theme]}（${g.items.length}）`}</Text>
          {g.items.map(card)}
        </View>
      ))}
    </View>
  )
}
