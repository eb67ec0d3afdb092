import Taro, { useLoad, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { formatChineseDate, INDICATOR_KIND_LABELS, ISSUE_STATUS_LABELS } from '../../../../core'
import { api, issuesStore, useIssues } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { platformLabel } from '../../../../components/labels'
import './index.scss'

export default function IssueListPage() {
  const router = useRouter()
  const items = useIssues((s) => s.items)
  const total = useIssues((s) => s.total)
  const loading = useIssues((s) => s.loading)
  const error = useIssues((s) => s.error)
  const departmentName = useIssues((s) => s.departmentName)
  const departmentId = router.params.departmentId || null
  const roundId = router.params.roundId || null

  const load = async () => {
    await issuesStore.getState().open(departmentId, roundId)
    Taro.stopPullDownRefresh()
  }
  useLoad(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load()
  })
  useReachBottom(() => {
    void issuesStore.getState().loadMore()
  })

  const preview = (shas: string[], index: number) => {
    const urls = shas.map((s) => api.evidenceUrl(s))
    void Taro.previewImage({ urls, current: urls[index] })
  }

  const deadline = items[0]?.round.deadline

  return (
    <View className='page issues'>
      <View className='issues-head'>
        <Text className='issues-dept'>{departmentId ? departmentName || '…' : '全部单位'}</Text>
        <Text className='issues-count'>共 {total} 个问题</Text>
        {deadline ? <Text className='issues-deadline'>请于 {formatChineseDate(deadline)} 前反馈整改情况</Text> : null}
      </View>

      {error && items.length === 0 ? <EmptyState tone='error' title='问题清单加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!error && !loading && items.length === 0 ? <EmptyState title='暂无问题' hint='本批次检查中没有发现该单位的问题' /> : null}

      {items.map((issue) => (
        <View className='card issue' key={issue.id} data-issue={issue.account.name}>
          <View className='row'>
            <Text className='issue-account'>{issue.account.name}</Text>
            <Text className='tag tag-info'>{platformLabel(issue.account.platform)}</Text>
            <View className='spacer' />
            <Text className={`tag ${issue.status === 'verified' ? 'tag-pass' : issue.status === 'submitted' ? 'tag-info' : 'tag-warn'}`}>
              {ISSUE_STATUS_LABELS[issue.status]}
            </Text>
          </View>
          <Text className='muted'>{issue.department.name}</Text>
          <View className='issue-indicator'>
            <Text className={`tag ${issue.indicator.kind === 'veto' ? 'tag-fail' : 'tag-warn'}`}>{INDICATOR_KIND_LABELS[issue.indicator.kind]}</Text>
            <Text className='issue-title'>
              {issue.indicator.category} · {issue.indicator.title}
            </Text>
          </View>
          <Text className='issue-finding'>{issue.finding || '（检查员未填写说明）'}</Text>
          {issue.evidence.length > 0 ? (
            <View className='issue-shots'>
              {issue.evidence.map((sha, i) => (
                <Image key={sha} className='issue-shot' src={api.thumbUrl(sha)} mode='aspectFill' onClick={() => preview(issue.evidence, i)} />
              ))}
            </View>
          ) : null}
          <Text className='muted'>
            {issue.round.name} · 监测时间点 {formatChineseDate(issue.checkpointDate)}
          </Text>
        </View>
      ))}
      {loading ? <Text className='muted issues-more'>正在加载…</Text> : null}
      {!loading && items.length < total ? (
        <Text className='muted issues-more' onClick={() => void issuesStore.getState().loadMore()}>
          加载更多
        </Text>
      ) : null}
    </View>
  )
}
