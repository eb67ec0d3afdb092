import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import dayjs from 'dayjs'
import { leadersStore, useLeaders } from '../../../../stores'
import { useCityWideAdmin } from '../../components/useCityWide'
import type { LeaderItem } from '../../../../core'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const sinceText = (since: string) => dayjs(since).format('YYYY年M月D日')

/**
 * The office's leaders' names and current titles (领导姓名职务表). A leader's name beside a title
 * they do not hold — 「市长王建国」 for the 常务副市长 — is shown to the inspector as a suspected
 * error on screenshots, and under the circular's fields. The city-wide admin keeps it current:
 * after an appointment, change the title and the day it holds from.
 */
export default function LeadersPage() {
  const items = useLeaders((s) => s.items)
  const loading = useLeaders((s) => s.loading)
  const busy = useLeaders((s) => s.busy)
  const error = useLeaders((s) => s.error)
  const { admin, cityWide: canEdit } = useCityWideAdmin()
  const today = dayjs().format('YYYY-MM-DD')
  const [editing, setEditing] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [title, setTitle] = useState('')
  const [since, setSince] = useState(today)
  useDidShow(() => void leadersStore.getState().load())

  const reset = () => {
    setEditing(null)
    setName('')
    setTitle('')
    setSince(today)
  }
  const edit = (l: LeaderItem) => {
    setEditing(l.id)
    setName(l.name)
    setTitle(l.title)
    setSince(l.since)
  }
  const save = async () => {
    if (await leadersStore.getState().save({ name, title, since }, editing ?? undefined)) {
      void Taro.showToast({ title: editing ? '已修改' : '已加入', icon: 'success' })
      reset()
    }
  }
  const remove = async (l: LeaderItem) => {
    const { confirm } = await Taro.showModal({ title: '删除', content: `删除「${l.name}」后，不再核对其姓名旁的职务。`, confirmText: '删除', confirmColor: '#d93026' })
    if (confirm && (await leadersStore.getState().remove(l.id)) && editing === l.id) reset()
  }

  return (
    <View className='page leaders-page'>
      <View className='hero'>
        <Text className='hero-title'>领导姓名职务表</Text>
        <Text className='leaders-sub'>截图和通报中，领导姓名旁的职务与此表不符时，提示「疑似错敏词」。共 {items.length} 人</Text>
      </View>

      {admin && !canEdit ? (
        <View className='card'>
          <Text className='muted'>领导职务表由市级管理员维护，区县管理员可以查看。</Text>
        </View>
      ) : null}

      {canEdit ? (
        <View className='card leaders-form'>
          <Text className='card-title'>{editing ? '修改职务' : '新增'}</Text>
          <Input className='field-input leaders-input leaders-name' value={name} maxlength={8} placeholder='姓名，如：王建国' onInput={(e) => setName(e.detail.value)} />
          <Input className='field-input leaders-input leaders-title' value={title} maxlength={60} placeholder='现任职务，如：市委常委、常务副市长' onInput={(e) => setTitle(e.detail.value)} />
          <Picker mode='date' value={since} end={today} onChange={(e) => setSince(String(e.detail.value))}>
            <View className='field-input leaders-input leaders-since'>{`任职时间：${sinceText(since)}`}</View>
          </Picker>
          {error ? <Text className='error-text leaders-error'>{error}</Text> : null}
          <View className='leaders-actions'>
            {editing ? (
              <View className='leaders-cancel' onClick={reset}>
                取消
              </View>
            ) : null}
            <View className={`leaders-save ${busy ? 'leaders-save-busy' : ''}`} onClick={() => void save()}>
              {busy ? '正在保存…' : editing ? '保存修改' : '加入'}
            </View>
          </View>
        </View>
      ) : null}

      {!loading && error && items.length === 0 && !canEdit ? <EmptyState tone='error' title='加载失败' hint={error} actionText='重试' onAction={() => void leadersStore.getState().load()} /> : null}

      <View className='card'>
        {items.length === 0 && !loading ? <Text className='muted'>还没有领导职务信息。加入后，姓名旁职务不符即提示。</Text> : null}
        {items.map((l) => (
          <View key={l.id} className='leaders-item' data-name={l.name}>
            <View className='leaders-item-body'>
              <Text className='leaders-item-name'>{l.name}</Text>
              <Text className='leaders-item-title'>{l.title}</Text>
              <Text className='muted leaders-item-since'>{`${sinceText(l.since)}起`}</Text>
            </View>
            {canEdit ? (
              <View className='leaders-item-actions'>
                <Text className='leaders-item-edit' onClick={() => edit(l)}>
                  修改
                </Text>
                <Text className='leaders-item-remove' onClick={() => void remove(l)}>
                  删除
                </Text>
              </View>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  )
}
