import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatChineseDate } from '../../../../core'
import { overviewStore, roundStore, useOverview, useRound } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

/** 「7月12日 10:20」, Beijing time. */
function generatedOn(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString()
  return `${Number(local.slice(5, 7))}月${Number(local.slice(8, 10))}日 ${local.slice(11, 16)}`
}

/** Rectification per competent unit: the office's and the leaders' overview. */
export default function OverviewPage() {
  const router = useRouter()
  const round = useRound((s) => s.round)
  // A shared link or a reload may name no round: the current one is meant.
  const roundId = router.params.roundId || round?.id || ''
  const overview = useOverview((s) => s.overview)
  const loading = useOverview((s) => s.loading)
  const error = useOverview((s) => s.error)
  const load = async () => {
    let id = roundId
    if (!id) {
      await roundStore.getState().load({ withSummary: false })
      id = roundStore.getState().round?.id ?? ''
    }
    await overviewStore.getState().load(id)
    Taro.stopPullDownRefresh()
  }
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load()
  })
  const open = (departmentId: string, status = '') =>
    openPage(`/packages/issues/pages/list/index?departmentId=${departmentId}&roundId=${roundId}${status ? `&status=${status}` : ''}`)

  return (
    <View className='page overview'>
      {overview ? (
        <View className='hero'>
          <Text className='hero-title'>整改情况</Text>
          <Text className='overview-sub'>{`反馈截止 ${formatChineseDate(overview.deadline)} · 共 ${overview.totals.total} 个问题`}</Text>
          <View className='overview-totals'>
            {(
              [
                ['待整改', overview.totals.open, ''],
                ['已反馈', overview.totals.submitted, ''],
                ['已确认', overview.totals.verified, ''],
                // Not a fourth part: the overdue are among those waiting (待整改).
                ['其中逾期', overview.totals.overdue, 'overview-bad']
              ] as const
            ).map(([label, n, cls]) => (
              <View className='overview-total' key={label}>
                <Text className={`overview-total-value ${cls}`} data-total={label}>
                  {n}
                </Text>
                <Text className='overview-total-label'>{label}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {error && !overview ? <EmptyState tone='error' title='加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!loading && overview && overview.items.length === 0 ? <EmptyState title='本批次没有发现问题' /> : null}
      {overview?.items.map((row) => (
        <View className='card overview-row' key={row.department.id} onClick={() => open(row.department.id)}>
          <View className='row'>
            <Text className='overview-dept'>{row.department.name}</Text>
            <View className='spacer' />
            {row.returned > 0 ? <Text className='tag tag-warn'>退回 {row.returned}</Text> : null}
            {row.late > 0 ? <Text className='tag tag-warn'>逾期反馈 {row.late}</Text> : null}
            {row.overdue > 0 ? <Text className='tag tag-fail'>逾期 {row.overdue}</Text> : null}
          </View>
          <View className='overview-counts'>
            <Text className='muted'>{row.returned > 0 ? `待整改 ${row.open}（含退回 ${row.returned}）` : `待整改 ${row.open}`}</Text>
            <Text className='muted'>已反馈 {row.submitted}</Text>
            <Text className='muted'>已确认 {row.verified}</Text>
            <Text className='muted'>共 {row.total}</Text>
          </View>
          <View
            className='row overview-report'
            onClick={(e) => {
              e.stopPropagation()
              openPage(`/packages/issues/pages/report/index?departmentId=${row.department.id}&roundId=${roundId}`)
            }}
          >
            <Text className={row.report ? 'overview-report-done' : 'muted'} data-report={row.department.name}>
              {row.report ? `整改报告 ${generatedOn(row.report.at)} 已生成（${row.report.by}）` : '整改报告 未生成'}
            </Text>
            <View className='spacer' />
            <Text className='overview-report-link'>报告 ›</Text>
          </View>
        </View>
      ))}
    </View>
  )
}
