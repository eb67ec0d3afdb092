import { useRef } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, useLoad, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatChineseDate } from '../../../../core'
import { accountsStore, api, roundStore, sessionStore, statsStore, useRound, useStats } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { Bars, Ring, TrendLine } from '../../components/Charts'
import './index.scss'

/** 「2024年第二季度」 → 「24年二季」: short enough for six under a phone-wide line. */
function shortName(name: string): string {
  const m = /^\d{2}(\d{2})年第(.)季度/.exec(name)
  return m ? `${m[1]}年${m[2]}季` : name.slice(0, 6)
}

/** A pass rate as the circular writes it: one decimal, 100% as is. */
function pct(n: number | null): string {
  if (n === null) return '—'
  return n === 100 ? '100%' : `${n.toFixed(1)}%`
}

function readAt(iso: string): string {
  const d = new Date(iso)
  const local = new Date(d.getTime() + 8 * 3600 * 1000)
  return `${formatChineseDate(local.toISOString().slice(0, 10))} ${local.toISOString().slice(11, 16)}`
}

/**
 * The leader's summary of a round (leader, admin; a district leader sees the district): the
 * accounts registered, the pass rate overall and by platform, level and unit, what failed, the
 * rectification and the trend. Every figure taps through to the list behind it.
 */
export default function SummaryPage() {
  const router = useRouter()
  const round = useRound((s) => s.round)
  const stats = useStats((s) => s.stats)
  const error = useStats((s) => s.error)
  const loading = useStats((s) => s.loading)
  const roundId = router.params.roundId || round?.id || ''
  const role = sessionStore.getState().user?.role
  const allowed = role === 'leader' || role === 'admin'
  // The share card's picture, downloaded once the figures are in (weapp: a chat card shows it).
  // (A ref: the share handler reads it when WeChat asks, whatever render registered the handler.)
  const card = useRef<{ roundId: string; path: string } | null>(null)

  const prepareCard = async (id: string) => {
    if (process.env.TARO_ENV !== 'weapp' || card.current?.roundId === id) return
    try {
      const res = await Taro.downloadFile({ url: api.shareCardUrl(id) })
      if (res.statusCode === 200) card.current = { roundId: id, path: res.tempFilePath }
    } catch {
      // Shared without the picture: WeChat then shows a screenshot of the page.
    }
  }

  const load = async () => {
    if (!allowed) return
    let id = roundId
    if (!id) {
      await roundStore.getState().load({ withSummary: false })
      id = roundStore.getState().round?.id ?? ''
    }
    if (id) await statsStore.getState().load(id)
    Taro.stopPullDownRefresh()
    if (id && statsStore.getState().stats?.round.id === id) void prepareCard(id)
  }
  useLoad(() => {
    // Opened from a chat card: sign in first, then come back here.
    if (!sessionStore.getState().token) void Taro.redirectTo({ url: `/pages/login/index?redirect=${encodeURIComponent(`/packages/summary/pages/index/index?roundId=${router.params.roundId ?? ''}`)}` })
  })
  useDidShow(() => void load())
  useShareAppMessage(() => {
    const s = statsStore.getState().stats
    const id = s?.round.id ?? roundId
    return {
      title: s ? `${s.round.name}政务新媒体检查：合格率${pct(s.passRate)}，不合格${s.failed}个` : '政务新媒体检查概况',
      path: `/packages/summary/pages/index/index?roundId=${id}`,
      ...(card.current && card.current.roundId === id ? { imageUrl: card.current.path } : {})
    }
  })
  usePullDownRefresh(() => void load())

  if (!allowed) {
    return (
      <View className='page'>
        <EmptyState title='这份检查概况仅供领导和管理员查看' hint='如需了解本单位的问题，请在首页查看问题清单' actionText='回到首页' onAction={() => void Taro.reLaunch({ url: '/pages/home/index' })} />
      </View>
    )
  }
  if (!stats) {
    return <View className='page'>{error ? <EmptyState tone='error' title='统计加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : <EmptyState title={loading ? '正在统计…' : '暂无数据'} />}</View>
  }
  // The account list is the current round's; other rounds tap through to their issues.
  const isCurrent = stats.round.id === round?.id
  const toAccounts = (filters: { platform?: string; status?: 'failed' | 'repeat' }) => () => {
    if (!isCurrent) return openPage(`/packages/issues/pages/list/index?roundId=${stats.round.id}`)
    accountsStore.setState({ filters: { q: '', platform: filters.platform ?? null, status: filters.status ?? null } })
    void Taro.navigateTo({ url: '/pages/accounts/index' })
  }
  const toIssues = (departmentId?: string, status?: string) => () =>
    openPage(`/packages/issues/pages/list/index?roundId=${stats.round.id}${departmentId ? `&departmentId=${departmentId}` : ''}${status ? `&status=${status}` : ''}`)
  const toOverview = () => openPage(`/packages/issues/pages/overview/index?roundId=${stats.round.id}`)
  const r = stats.rectification

  return (
    <View className='page summary'>
      <View className='hero'>
        <Text className='hero-title'>{stats.round.name}</Text>
        <Text className='summary-at'>{`数据截至 ${readAt(stats.at)} · 下拉刷新`}</Text>
      </View>

      <View className='card summary-top'>
        <Ring percent={stats.passRate} label='合格率' />
        <View className='summary-figures'>
          <View className='summary-figure' onClick={toAccounts({})}>
            <Text className='summary-figure-value'>{stats.registered}</Text>
            <Text className='summary-figure-label'>{`在册账号 ›`}</Text>
          </View>
          <View className='summary-figure'>
            <Text className='summary-figure-value'>{stats.inspected}</Text>
            <Text className='summary-figure-label'>已检查</Text>
          </View>
          <View className='summary-figure summary-failed' onClick={toAccounts({ status: 'failed' })}>
            <Text className='summary-figure-value summary-bad'>{stats.failed}</Text>
            <Text className='summary-figure-label'>{`不合格 ›`}</Text>
          </View>
        </View>
      </View>

      <View className={`card row summary-repeat ${stats.repeatOffenders > 0 ? 'summary-repeat-some' : ''}`} onClick={stats.repeatOffenders > 0 ? toAccounts({ status: 'repeat' }) : undefined}>
        <View className='summary-repeat-text'>
          <Text className='summary-repeat-label'>屡查屡犯</Text>
          <Text className='muted summary-repeat-hint'>连续两次不合格或整改后复发</Text>
        </View>
        <View className='spacer' />
        <Text className='summary-repeat-value' data-repeat={stats.repeatOffenders}>
          {stats.repeatOffenders > 0 ? `${stats.repeatOffenders} 个 ›` : '无'}
        </Text>
      </View>

      <View className='card'>
        <Text className='card-title'>在册账号</Text>
        <Text className='muted summary-line'>{`市级部门 ${stats.byHostLevel.city} · 县区及以下 ${stats.byHostLevel.local}`}</Text>
        <Bars items={stats.passByPlatform.map((p) => ({ key: p.key, label: p.label, value: p.registered, onTap: toAccounts({ platform: p.key }) }))} />
      </View>

      <View className='card'>
        <Text className='card-title'>合格率</Text>
        <Bars
          max={100}
          items={[...stats.passByPlatform, ...stats.passByHostLevel]
            .filter((p) => p.inspected > 0)
            .map((p) => ({ key: `rate-${p.key}`, label: p.label, value: p.passRate ?? 0, text: pct(p.passRate), tone: p.failed > 0 ? 'bad' : 'good' }))}
        />
      </View>

      <View className='card'>
        <Text className='card-title'>各单位合格率（不合格多的在前）</Text>
        <Bars
          max={100}
          items={stats.passByUnit
            .filter((u) => u.inspected > 0)
            .slice(0, 10)
            .map((u) => ({ key: `unit-${u.key}`, label: u.label, value: u.passRate ?? 0, text: u.failed ? `${pct(u.passRate)}（${u.failed}）` : pct(u.passRate), tone: u.failed > 0 ? 'bad' : 'good', onTap: toIssues(u.key) }))}
        />
        {stats.passByUnit.length > 10 ? <Text className='muted summary-line'>{`另有 ${stats.passByUnit.length - 10} 个单位全部合格或未检查`}</Text> : null}
      </View>

      <View className='card'>
        <Text className='card-title'>单项否决不合格</Text>
        <Bars max={stats.failed} items={stats.vetoByCategory.map((c) => ({ key: `cat-${c.category}`, label: c.category, value: c.accounts, tone: c.accounts > 0 ? 'bad' : 'good', onTap: c.accounts > 0 ? toIssues() : undefined }))} />
        {stats.failuresByIndicator.map((f) => (
          <View className='row summary-indicator' key={f.code}>
            <Text className='muted summary-code'>{f.code}</Text>
            <Text className='summary-indicator-title'>{f.title}</Text>
            <View className='spacer' />
            <Text className='summary-bad'>{`${f.accounts} 个`}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>{`整改情况：共 ${r.total} 个问题`}</Text>
        {/* Four parts that add up to the whole: a returned issue is counted as 退回, not again as 待整改. */}
        <View className='summary-rect' onClick={toOverview}>
          {(
            [
              ['待整改', r.open - r.returned, ''],
              ['退回重改', r.returned, ''],
              ['已反馈', r.submitted, ''],
              ['已确认', r.verified, '']
            ] as const
          ).map(([label, n, cls]) => (
            <View className='summary-rect-item' key={label}>
              <Text className={`summary-rect-value ${cls}`}>{n}</Text>
              <Text className='summary-rect-label'>{label}</Text>
            </View>
          ))}
        </View>
        <Text className={`summary-rect-note ${r.overdue > 0 ? 'summary-bad' : 'muted'}`}>{r.overdue > 0 ? `其中逾期未整改 ${r.overdue} 个` : '没有逾期未整改的问题'}</Text>
        <Bars max={r.open} items={stats.unitsByOpen.slice(0, 8).map((u) => ({ key: `open-${u.department.id}`, label: u.department.name, value: u.open, text: u.overdue ? `${u.open}（逾期 ${u.overdue}）` : `${u.open}`, tone: u.overdue ? 'bad' : 'info', onTap: toIssues(u.department.id) }))} />
      </View>

      <View className='card'>
        <Text className='card-title'>合格率走势</Text>
        <TrendLine points={stats.trend.map((t) => ({ key: t.roundId, label: shortName(t.name), value: t.passRate }))} />
      </View>

      <View className='summary-actions'>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className='summary-share' openType='share' fill='outline' size='large' block>
            发送到微信聊天
          </Button>
        ) : null}
        <Button className='summary-circular' type='primary' size='large' block onClick={() => openPage(`/packages/summary/pages/circular/index?roundId=${stats.round.id}`)}>
          通报预览和生成
        </Button>
        <Button className='summary-practices' fill='outline' size='large' block onClick={() => openPage(`/packages/summary/pages/practices/index?roundId=${stats.round.id}`)}>
          典型做法
        </Button>
      </View>
    </View>
  )
}
