import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, useLoad, usePullDownRefresh, useReachBottom, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { deadlineLabel, formatChineseDate, INDICATOR_KIND_LABELS, ISSUE_STATUS_LABELS, repeatLabel, type IssueStatus } from '../../../../core'
import type { IssueItem } from '../../../../api/types'
import { api, issuesStore, sessionStore, useIssues } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { OfflineNote } from '../../../../components/OfflineNote'
import { openDocument } from '../../../../platform/documents'
import { ISSUE_STATUS_TAG, platformLabel } from '../../../../components/labels'
import './index.scss'

const STATUS_CHIPS: [IssueStatus | null, string][] = [
  [null, '全部'],
  ['open', '待整改'],
  ['submitted', '已反馈'],
  ['returned', '退回'],
  ['verified', '已确认']
]

/** Issues grouped by account, in the order they come. */
function groupByAccount(items: IssueItem[]) {
  const groups: { account: IssueItem['account']; department: IssueItem['department']; items: IssueItem[] }[] = []
  for (const issue of items) {
    const group = groups.find((g) => g.account.id === issue.account.id)
    if (group) group.items.push(issue)
    else groups.push({ account: issue.account, department: issue.department, items: [issue] })
  }
  return groups
}

export default function IssueListPage() {
  const router = useRouter()
  const items = useIssues((s) => s.items)
  const total = useIssues((s) => s.total)
  const loading = useIssues((s) => s.loading)
  const error = useIssues((s) => s.error)
  const offline = useIssues((s) => s.offline)
  const departmentName = useIssues((s) => s.departmentName)
  const picked = useIssues((s) => s.picked)
  const confirming = useIssues((s) => s.confirming)
  const role = sessionStore.getState().user?.role
  // Inspectors and admins review answers; several at once when the list holds submitted ones.
  const reviews = role === 'inspector' || role === 'admin'
  const submitted = items.filter((i) => i.status === 'submitted')
  const status = useIssues((s) => s.status)
  const rounds = useIssues((s) => s.rounds)
  const departmentId = router.params.departmentId || null
  // The round chosen in the filter (first the one the link names; a department's list may show every round).
  const roundId = useIssues((s) => (s.departmentId === departmentId ? s.roundId : router.params.roundId || null))

  const shareablePath = () => `/packages/issues/pages/list/index?${departmentId ? `departmentId=${departmentId}&` : ''}roundId=${roundId ?? ''}`
  const load = async (initial = false) => {
    if (initial) await issuesStore.getState().open(departmentId, router.params.roundId || null, router.params.status || null)
    else await issuesStore.getState().refresh()
    Taro.stopPullDownRefresh()
  }
  useLoad(() => {
    // Opened from a shared card: log in first; the server then decides what this person may see.
    if (!sessionStore.getState().token) {
      void Taro.redirectTo({ url: `/pages/login/index?redirect=${encodeURIComponent(shareablePath())}` })
      return
    }
    void load(true)
  })
  useShareAppMessage(() => ({
    title: `${departmentId ? departmentName : '全部单位'}政务新媒体问题清单`,
    path: shareablePath()
  }))
  useDidShow(() => {
    // Back from an issue: its status may have changed.
    if (issuesStore.getState().items.length > 0) void load()
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

  const deadline = roundId ? items[0]?.round.deadline : undefined
  const exportXlsx = async () => {
    if (!roundId) return
    try {
      await openDocument(api.issuesXlsxUrl(roundId, departmentId), 'xlsx')
    } catch {
      void Taro.showToast({ title: '导出失败，请稍后重试', icon: 'none' })
    }
  }

  const confirmPicked = async () => {
    const { confirm } = await Taro.showModal({ title: '批量确认整改', content: `确认这 ${picked.length} 条整改反馈？确认后问题即为「已确认」。`, confirmText: '确认整改' })
    if (!confirm) return
    const { confirmed, failed } = await issuesStore.getState().confirmPicked()
    void Taro.showToast({ title: failed ? `已确认 ${confirmed} 条，${failed} 条未成功` : `已确认 ${confirmed} 条`, icon: failed ? 'none' : 'success' })
  }

  return (
    <View className={`page issues ${reviews && submitted.length > 0 ? 'issues-with-bar' : ''}`}>
      <View className='hero'>
        <Text className='hero-title issues-dept'>{departmentId ? departmentName || '…' : '全部单位'}</Text>
        <Text className='issues-count'>共 {total} 个问题</Text>
        {deadline ? <Text className='issues-deadline'>请于 {formatChineseDate(deadline)} 前反馈整改情况</Text> : null}
        {roundId && total > 0 ? (
          <Text className='issues-export' onClick={() => void exportXlsx()}>
            导出 Excel
          </Text>
        ) : null}
      </View>

      {departmentId && roundId && total > 0 && (role === 'liaison' || role === 'admin' || role === 'leader') ? (
        <View className='card issues-report' onClick={() => openPage(`/packages/issues/pages/report/index?departmentId=${departmentId}&roundId=${roundId}`)}>
          <Text className='issues-report-title'>整改情况报告</Text>
          <Text className='muted issues-report-hint'>{role === 'liaison' ? '整改完成后生成 Word 报告，报送发文单位 ›' : '查看或生成本单位的整改情况报告 ›'}</Text>
        </View>
      ) : null}

      {rounds.length > 1 || (departmentId && rounds.length > 0) ? (
        <View className='issues-filter issues-rounds'>
          {departmentId ? (
            <Text className={`chip ${roundId === null ? 'chip-active' : ''}`} onClick={() => void issuesStore.getState().setRound(null)}>
              全部批次
            </Text>
          ) : null}
          {rounds.map((r) => (
            <Text key={r.id} className={`chip ${roundId === r.id ? 'chip-active' : ''}`} onClick={() => void issuesStore.getState().setRound(r.id)}>
              {r.name}
            </Text>
          ))}
        </View>
      ) : null}

      <View className='issues-filter'>
        {STATUS_CHIPS.map(([value, label]) => (
          <Text key={label} className={`chip ${status === value ? 'chip-active' : ''}`} onClick={() => void issuesStore.getState().setStatus(value)}>
            {label}
          </Text>
        ))}
      </View>

      <OfflineNote since={offline} />
      {groupByAccount(items).map((group) => (
        <View className='card issue-group' key={group.account.id} data-issue={group.account.name}>
          <View className='row'>
            <Text className='issue-account'>{group.account.name}</Text>
            <Text className='tag tag-info'>{platformLabel(group.account)}</Text>
            {group.items[0]?.repeat ? <Text className='tag tag-fail issue-repeat-tag'>{repeatLabel(group.items[0].repeat)}</Text> : null}
            <View className='spacer' />
            <Text className='muted'>{group.items.length} 个问题</Text>
          </View>
          <Text className='muted'>{group.department.name}</Text>
          {group.items.map((issue) => {
            const due = issue.due
            return (
              <View className='issue' key={issue.id} data-issue-id={issue.id} onClick={() => openPage(`/packages/issues/pages/detail/index?id=${issue.id}`)}>
                <View className='issue-indicator'>
                  {reviews && issue.status === 'submitted' ? (
                    <View
                      className={`issue-pick ${picked.includes(issue.id) ? 'issue-pick-on' : ''}`}
                      data-pick={issue.id}
                      onClick={(e) => {
                        e.stopPropagation()
                        issuesStore.getState().pick(issue.id)
                      }}
                    >
                      <Text className='issue-pick-box'>{picked.includes(issue.id) ? '✓' : ''}</Text>
                    </View>
                  ) : null}
                  <Text className={`tag ${issue.indicator.kind === 'veto' ? 'tag-fail' : 'tag-warn'}`}>{INDICATOR_KIND_LABELS[issue.indicator.kind]}</Text>
                  <Text className='issue-title'>{issue.indicator.title}</Text>
                  <View className='spacer' />
                  <Text className={`tag ${ISSUE_STATUS_TAG[issue.status]}`}>{ISSUE_STATUS_LABELS[issue.status]}</Text>
                </View>
                <Text className='issue-finding'>{issue.finding || '（检查员未填写说明）'}</Text>
                {issue.returnReason ? <Text className='issue-returned'>退回原因：{issue.returnReason}</Text> : null}
                {issue.evidence.length > 0 ? (
                  <View className='issue-shots'>
                    {issue.evidence.map((sha, i) => (
                      <Image
                        key={sha}
                        className='issue-shot'
                        src={api.thumbUrl(sha)}
                        mode='aspectFill'
                        onClick={(e) => {
                          e.stopPropagation()
                          preview(issue.evidence, i)
                        }}
                      />
                    ))}
                  </View>
                ) : null}
                <View className='row'>
                  <Text className='muted'>
                    {roundId ? '' : `${issue.round.name} · `}监测时间点 {formatChineseDate(issue.checkpointDate)}
                  </Text>
                  <View className='spacer' />
                  <Text className={`issue-due issue-due-${due.kind}`}>{deadlineLabel(due)}</Text>
                </View>
              </View>
            )
          })}
        </View>
      ))}
      {error && items.length === 0 ? <EmptyState tone='error' title='问题清单加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!error && !loading && items.length === 0 ? <EmptyState title='暂无问题' hint={status ? '没有这个状态的问题' : '本批次检查中没有发现问题'} /> : null}
      {loading ? <Text className='muted issues-more'>正在加载…</Text> : null}
      {!loading && items.length < total ? (
        <Text className='muted issues-more' onClick={() => void issuesStore.getState().loadMore()}>
          加载更多
        </Text>
      ) : null}
      {reviews && submitted.length > 0 ? (
        <View className='issues-bar'>
          <Text className='issues-bar-all' onClick={() => issuesStore.getState().pickAll()}>
            {submitted.every((i) => picked.includes(i.id)) ? '取消全选' : `全选已反馈（${submitted.length}）`}
          </Text>
          <View className={`issues-bar-confirm ${picked.length === 0 || confirming ? 'issues-bar-off' : ''}`} onClick={() => (picked.length > 0 && !confirming ? void confirmPicked() : undefined)}>
            {confirming ? '正在确认…' : `确认整改（${picked.length}）`}
          </View>
        </View>
      ) : null}
    </View>
  )
}
