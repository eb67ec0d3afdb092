import { useState } from 'react'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { formatShortChineseDate, PLATFORM_KIND_LABELS, repeatLabel, type PlatformKind } from '../../core'
import { accountsStore, roundStore, useAccounts, useInspection, useOutbox, useRound } from '../../stores'
import type { StatusFilter } from '../../stores/accounts'
import { EmptyState } from '../../components/EmptyState'
import { OfflineNote } from '../../components/OfflineNote'
import { VerdictTag } from '../../components/StatusTag'
import { platformLabel } from '../../components/labels'
import './index.scss'
import { draftKeyOf } from '../../stores/inspection'

const PLATFORM_CHIPS: [string | null, string][] = [
  [null, '全部平台'],
  ['wechat', '公众号'],
  ['weibo', '微博'],
  ['app', '客户端'],
  ['other', '其他']
]
const STATUS_CHIPS: [StatusFilter, string][] = [
  [null, '全部'],
  ['pending', '未检查'],
  ['inspected', '已检查'],
  ['failed', '不合格'],
  ['repeat', '屡查屡犯']
]

export default function AccountsPage() {
  const round = useRound((s) => s.round)
  const roundError = useRound((s) => s.error)
  const items = useAccounts((s) => s.items)
  const total = useAccounts((s) => s.total)
  const loading = useAccounts((s) => s.loading)
  const error = useAccounts((s) => s.error)
  const offline = useAccounts((s) => s.offline)
  const roundOffline = useRound((s) => s.offline)
  const filters = useAccounts((s) => s.filters)
  const checkpointId = useAccounts((s) => s.checkpointId)
  const waiting = useOutbox((s) => s.entries)
  const drafts = useInspection((s) => s.drafts)
  const [text, setText] = useState(filters.q)

  useDidShow(() => {
    void (async () => {
      // A reload or a shared link opens this page without home before it: load the round here.
      if (!roundStore.getState().round) await roundStore.getState().load({ withSummary: false })
      const r = roundStore.getState().round
      if (!r) return
      const last = r.checkpoints[r.checkpoints.length - 1]
      const current = accountsStore.getState().checkpointId
      await accountsStore.getState().open(r.id, current && r.checkpoints.some((c) => c.id === current) ? current : (last?.id ?? ''))
    })()
  })
  useReachBottom(() => {
    void accountsStore.getState().loadMore()
  })

  if (!round) {
    return (
      <View className='page'>
        {roundError ? (
          <EmptyState tone='error' title='检查批次加载失败' hint={roundError} actionText='重试' onAction={() => void roundStore.getState().load({ withSummary: false })} />
        ) : (
          <Text className='muted'>正在加载…</Text>
        )}
      </View>
    )
  }
  const search = () => void accountsStore.getState().setFilters({ q: text })
  const clear = () => {
    setText('')
    void accountsStore.getState().setFilters({ q: '', platform: null, status: null })
  }
  const inspect = (accountId: string) => {
    void Taro.navigateTo({ url: `/pages/inspect/index?accountId=${accountId}&checkpointId=${checkpointId ?? ''}` })
  }

  return (
    <View className='page accounts'>
      {/* Only the search stays on screen while scrolling: a fixed bar must not cover the list (≤ 25 % of the screen). */}
      <View className='accounts-top'>
        <View className='search'>
          <Input
            className='search-input'
            value={text}
            placeholder='搜索账号或单位名称'
            confirmType='search'
            onInput={(e) => setText(e.detail.value)}
            onConfirm={search}
          />
          {text ? (
            <Text className='search-clear' onClick={clear}>
              ×
            </Text>
          ) : null}
          <View className='search-btn' onClick={search}>
            搜索
          </View>
        </View>
      </View>
      <View className='accounts-filters'>
        <View className='checkpoints'>
          {round.checkpoints.map((c) => (
            <View
              key={c.id}
              className={`checkpoint ${c.id === checkpointId ? 'checkpoint-on' : ''}`}
              onClick={() => void accountsStore.getState().setCheckpoint(c.id)}
            >
              第{c.seq}次 · {formatShortChineseDate(c.date)}
            </View>
          ))}
        </View>
        <View className='chips'>
          {[...PLATFORM_CHIPS, ...(filters.platform && !PLATFORM_CHIPS.some(([v]) => v === filters.platform) ? [[filters.platform, PLATFORM_KIND_LABELS[filters.platform as PlatformKind] ?? '其他平台'] as [string, string]] : [])].map(([value, label]) => (
            <Text
              key={label}
              className={`chip ${filters.platform === value ? 'chip-active' : ''}`}
              onClick={() => void accountsStore.getState().setFilters({ platform: value })}
            >
              {label}
            </Text>
          ))}
        </View>
        <View className='chips'>
          {STATUS_CHIPS.map(([value, label]) => (
            <Text
              key={label}
              className={`chip ${filters.status === value ? 'chip-active' : ''}`}
              onClick={() => void accountsStore.getState().setFilters({ status: value })}
            >
              {label}
            </Text>
          ))}
          <View className='spacer' />
          <Text className='muted accounts-total'>共 {total} 个</Text>
        </View>
      </View>

      <OfflineNote since={offline ?? roundOffline} />
      {error && items.length === 0 ? (
        <EmptyState tone='error' title='账号列表加载失败' hint={error} actionText='重试' onAction={() => void accountsStore.getState().reload()} />
      ) : null}
      {!error && !loading && items.length === 0 ? (
        <EmptyState title='没有找到符合条件的账号' hint='换个关键词，或清除筛选条件' actionText='清除筛选' onAction={clear} />
      ) : null}

      <View className='account-list'>
        {items.map((a) => {
          const current = checkpointId ? a.inspections[checkpointId] : undefined
          // What this phone has not yet sent wins over what the server says.
          const local = waiting.find((e) => e.kind === 'inspection' && e.body.accountId === a.id && e.body.checkpointId === checkpointId)
          const draft = drafts[draftKeyOf(round.id, checkpointId ?? '', a.id)]
          return (
            <View className='account' key={a.id} onClick={() => inspect(a.id)} data-account={a.name}>
              <View className={`account-icon platform-${a.platform}`}>{platformLabel(a).slice(0, 1)}</View>
              <View className='account-main'>
                <View className='row'>
                  <Text className='account-name'>{a.name}</Text>
                  <Text className='tag tag-info'>{platformLabel(a)}</Text>
                </View>
                <Text className='muted account-dept'>{a.department.name}</Text>
              </View>
              <View className='account-status'>
                {local ? <Text className='tag tag-warn'>待同步</Text> : <VerdictTag verdict={current?.verdict ?? null} />}
                {!local && current && !current.complete ? <Text className='tag tag-fail'>截图不全</Text> : null}
                {!local && current && current.submissions > 1 ? <Text className='tag tag-info'>{current.submissions} 次检查</Text> : null}
                {draft ? <Text className='tag tag-pending account-draft'>草稿未提交</Text> : null}
                {a.repeat ? <Text className='tag tag-fail account-repeat'>{repeatLabel(a.repeat)}</Text> : null}
              </View>
            </View>
          )
        })}
      </View>
      {loading ? <Text className='muted accounts-more'>正在加载…</Text> : null}
      {!loading && items.length > 0 && items.length < total ? (
        <Text className='muted accounts-more' onClick={() => void accountsStore.getState().loadMore()}>
          加载更多（{items.length}/{total}）
        </Text>
      ) : null}
      {!loading && items.length > 0 && items.length >= total ? <Text className='muted accounts-more'>已显示全部 {total} 个账号</Text> : null}
      {error && items.length > 0 ? <Text className='error-text accounts-more'>{error}</Text> : null}
    </View>
  )
}
