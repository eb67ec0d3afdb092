import { useEffect } from 'react'
import { openPage } from '../../platform/navigate'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { deadlineLabel, formatChineseDate, parseWebLoginQr, formatShortChineseDate, PLATFORM_LABELS, PLATFORMS, ROLE_LABELS, ROUND_STATE_LABELS, setupSteps, type Role } from '../../core'
import { roundStore, sessionStore, useOutbox, useRound, useSession } from '../../stores'
import { outboxCounts } from '../../stores/outbox'
import { EmptyState } from '../../components/EmptyState'
import { scanInto } from '../../platform'
import { OfflineNote } from '../../components/OfflineNote'
import './index.scss'

/** One figure of a card: the number over its label; red for what needs doing, green for what is done. */
function Stat(props: { value: number; label: string; tone?: 'pass' | 'fail' }) {
  return (
    <View className='home-stat'>
      <Text className={`home-stat-value ${props.tone ? `home-stat-${props.tone}` : ''}`}>{props.value}</Text>
      <Text className='muted'>{props.label}</Text>
    </View>
  )
}

/** What a person with nothing to do yet is told: what happens next and who sets it up. */
const WAITING: Record<Role, { title: string; hint: string }> = {
  admin: { title: '还没有检查批次', hint: '按上面的步骤完成设置后，新建并开启检查批次' },
  inspector: { title: '还没有检查任务', hint: '管理员新建并开启检查批次、把账号分配给您后，这里会出现「开始检查」' },
  liaison: { title: '本单位还没有问题清单', hint: '检查批次开启后，检查员发现的本单位问题会出现在这里，您在此反馈整改情况。批次由管理员设置' },
  leader: { title: '还没有检查批次', hint: '管理员导入台账、新建并开启检查批次后，这里会显示合格率和各单位情况' }
}

/** An admin's first-run steps, in order, each with where it stands and a tap into its page. */
function SetupCard(props: { steps: ReturnType<typeof setupSteps> }) {
  const next = props.steps.find((s) => !s.done)
  return (
    <View className='card home-setup'>
      <Text className='card-title'>开始使用：四步完成设置</Text>
      {props.steps.map((step, i) => (
        <View
          key={step.key}
          className={`home-setup-step ${step.done ? 'home-setup-done' : ''} ${step === next ? 'home-setup-next' : ''}`}
          data-step={step.key}
          onClick={() => void Taro.navigateTo({ url: step.url })}
        >
          <Text className='home-setup-seq'>{step.done ? '✓' : i + 1}</Text>
          <View className='home-setup-main'>
            <Text className='home-setup-title'>{step.title}</Text>
            <Text className='muted home-setup-state'>{step.state}</Text>
          </View>
          <Text className='home-setup-go'>{step === next ? '去设置 ›' : '›'}</Text>
        </View>
      ))}
    </View>
  )
}

export default function HomePage() {
  const user = useSession((s) => s.user)
  const round = useRound((s) => s.round)
  const summary = useRound((s) => s.summary)
  const rectification = useRound((s) => s.rectification)
  const setup = useRound((s) => s.setup)
  const todo = useRound((s) => s.todo)
  const loading = useRound((s) => s.loading)
  const error = useRound((s) => s.error)
  const offline = useRound((s) => s.offline)
  const entries = useOutbox((s) => s.entries)
  const sending = useOutbox((s) => s.sending)
  const counts = outboxCounts(entries)

  const load = async () => {
    const u = sessionStore.getState().user
    if (!u) return
    await roundStore.getState().load({ withSummary: u.role !== 'liaison', withSetup: u.role === 'admin', todoOf: u.role === 'liaison' ? u.departmentId : null })
    Taro.stopPullDownRefresh()
  }
  useDidShow(() => {
    void load()
  })
  // The server ended the session (expired, ended by an admin, person deactivated): back to sign-in.
  useEffect(() => {
    if (!user) void Taro.reLaunch({ url: '/pages/login/index' })
  }, [user])
  usePullDownRefresh(() => {
    void load()
  })

  if (!user) return <View className='page' />
  const steps = setup ? setupSteps(setup) : []
  const canInspect = user.role === 'inspector' || user.role === 'admin'
  const openIssues = () => {
    const query = user.role === 'liaison' && user.departmentId ? `departmentId=${user.departmentId}&` : ''
    openPage(`/packages/issues/pages/list/index?${query}roundId=${round?.id ?? ''}`)
  }
  const scanDesktop = () =>
    scanInto((text) => {
      const ticket = parseWebLoginQr(text)
      return ticket ? `/pages/approve/index?ticket=${ticket}` : null
    }, '这不是电脑登录的二维码')
  const logout = async () => {
    await sessionStore.getState().logout()
    void Taro.reLaunch({ url: '/pages/login/index' })
  }

  return (
    <View className='page home'>
      <View className='home-header'>
        <Text className='home-hello'>{user.name}，您好</Text>
        <Text className='home-role'>
          {ROLE_LABELS[user.role]} · {user.departmentName ?? '全市'}
        </Text>
      </View>

      {error && !round ? <EmptyState tone='error' title='加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {user.role === 'admin' && setup && steps.some((step) => !step.done) ? <SetupCard steps={steps} /> : null}
      {!error && !loading && !round ? <EmptyState title={WAITING[user.role].title} hint={WAITING[user.role].hint} /> : null}

      {round ? (
        <View className='card home-round'>
          <View className='row'>
            <Text className='home-round-name'>{round.name}</Text>
            <Text className={`tag ${round.state === 'open' ? 'tag-pass' : 'tag-pending'}`}>{ROUND_STATE_LABELS[round.state]}</Text>
          </View>
          <Text className='muted home-round-line'>监测时间点：{round.checkpoints.map((c) => formatShortChineseDate(c.date)).join('、')}</Text>
          <Text className='muted home-round-line'>整改反馈截止：{formatChineseDate(round.deadline)}</Text>
        </View>
      ) : null}
      <OfflineNote since={offline} />

      {round && rectification && user.role === 'liaison' ? (
        <View className='card home-rect' onClick={openIssues}>
          <View className='row'>
            <Text className='card-title'>本单位整改情况</Text>
            <View className='spacer' />
            <Text className={rectification.overdue > 0 ? 'home-rect-overdue' : 'muted'}>
              {rectification.overdue > 0
                ? `${rectification.overdue} 个问题已逾期`
                : rectification.open > 0
                  ? deadlineLabel(round.due)
                  : rectification.total === 0
                    ? '本批次未发现问题'
                    : '没有待整改的问题'}
            </Text>
          </View>
          <View className='home-stats'>
            <Stat value={rectification.open - rectification.returned} label='待整改' tone={rectification.open - rectification.returned > 0 ? 'fail' : undefined} />
            <Stat value={rectification.returned} label='被退回' tone={rectification.returned > 0 ? 'fail' : undefined} />
            <Stat value={rectification.submitted} label='已反馈' />
            <Stat value={rectification.verified} label='已确认' tone='pass' />
          </View>
          {rectification.returned > 0 ? (
            <Text className='home-rect-returned'>被退回的 {rectification.returned} 个：请查看退回原因，整改后重新反馈</Text>
          ) : null}
          {rectification.late > 0 ? <Text className='muted home-rect-late'>逾期反馈 {rectification.late}（已反馈，但晚于截止日期）</Text> : null}
        </View>
      ) : null}

      {/* A liaison's next answers, one tap each: the issue opens with its answer form. */}
      {round && user.role === 'liaison' && todo.length > 0 ? (
        <View className='card home-todo'>
          <Text className='card-title'>待反馈的问题</Text>
          {todo.map((issue) => (
            <View className='home-todo-item' key={issue.id} data-issue-id={issue.id} onClick={() => openPage(`/packages/issues/pages/detail/index?id=${issue.id}`)}>
              <View className='home-todo-main'>
                <Text className='home-todo-title'>
                  {issue.account.name} · {issue.indicator.title}
                </Text>
                <Text className={issue.status === 'returned' ? 'home-todo-returned' : 'muted'}>{issue.status === 'returned' ? '被退回，请重新反馈' : issue.finding || '待整改'}</Text>
              </View>
              <Text className='home-todo-go'>反馈 ›</Text>
            </View>
          ))}
          {rectification && rectification.open > todo.length ? (
            <Text className='home-todo-more' onClick={openIssues}>
              查看全部 {rectification.open} 个待整改问题 ›
            </Text>
          ) : null}
        </View>
      ) : null}

      {round && summary ? (
        <View className='card'>
          <View className='home-rate'>
            <View className='home-rate-main'>
              <Text className='home-rate-value'>{summary.passRate === null ? '—' : summary.passRate}</Text>
              <Text className='home-rate-unit'>%</Text>
            </View>
            <Text className='muted'>总体合格率</Text>
          </View>
          <View className='home-stats'>
            <Stat value={summary.registered} label='登记账号' />
            <Stat value={summary.inspected} label='已检查' />
            <Stat value={summary.passed} label='合格' tone='pass' />
            <Stat value={summary.failed} label='不合格' tone='fail' />
          </View>
          <View className='home-progress'>
            <View className='home-progress-bar' style={{ width: `${summary.registered ? (summary.inspected / summary.registered) * 100 : 0}%` }} />
          </View>
          <Text className='muted'>
            {(summary.checkpoints ?? []).length > 1
              ? `检查进度 ${(summary.checkpoints ?? []).map((c) => `第${c.seq}轮 ${c.inspected}/${summary.registered}`).join(' · ')}`
              : `检查进度 ${summary.inspected}/${summary.registered}`}
          </Text>
          <View className='home-breakdown'>
            {PLATFORMS.map((p) => (
              <View className='home-breakdown-item' key={p}>
                <Text className='home-breakdown-value'>{summary.byPlatform[p]}</Text>
                <Text className='muted'>{PLATFORM_LABELS[p]}</Text>
              </View>
            ))}
          </View>
          {/* Inside 其他, each platform by its own name (抖音, 今日头条 …): the parts add up to 其他. */}
          {(summary.byKind ?? []).some((k) => k.group === 'other' && k.kind !== 'other') ? (
            <Text className='muted home-kinds'>{`其他：${(summary.byKind ?? [])
              .filter((k) => k.group === 'other')
              .map((k) => `${k.kind === 'other' ? '其他平台' : k.label} ${k.count}`)
              .join('，')}`}</Text>
          ) : null}
          <View className='home-breakdown'>
            <View className='home-breakdown-item'>
              <Text className='home-breakdown-value'>{summary.byHostLevel.city}</Text>
              <Text className='muted'>市级部门</Text>
            </View>
            <View className='home-breakdown-item'>
              <Text className='home-breakdown-value'>{summary.byHostLevel.local}</Text>
              <Text className='muted'>市(县)区及镇街</Text>
            </View>
          </View>
        </View>
      ) : null}

      {entries.length > 0 ? (
        <View className={`card home-sync ${counts.parked > 0 ? 'home-sync-bad' : ''}`} onClick={() => void Taro.navigateTo({ url: '/pages/sync/index' })}>
          <Text className='home-sync-text'>
            {[
              counts.pending > 0 ? `${counts.pending} 条${sending ? '正在上传' : '待上传'}` : '',
              counts.offline > 0 ? `${counts.offline} 条已保存，等待联网` : '',
              counts.retrying > 0 ? `${counts.retrying} 条稍后重试` : '',
              counts.parked > 0 ? `${counts.parked} 条需要处理` : ''
            ]
              .filter(Boolean)
              .join('，')}
          </Text>
          <Text className='home-sync-link'>查看 ›</Text>
        </View>
      ) : null}

      {round || user.role !== 'liaison' || process.env.TARO_ENV === 'weapp' ? (
        <View className='home-actions'>
          {round && canInspect ? (
            <View className='home-action home-action-primary' onClick={() => void Taro.navigateTo({ url: '/pages/accounts/index' })}>
              <Text className='home-action-title'>开始检查</Text>
              <Text className='home-action-sub'>选择账号，逐项检查</Text>
            </View>
          ) : null}
          {round ? (
            <View className='home-action' onClick={openIssues}>
              <Text className='home-action-title'>{user.role === 'liaison' ? '本单位问题清单' : '问题清单'}</Text>
              <Text className='home-action-sub'>{user.role === 'liaison' ? '查看问题，反馈整改' : '各单位发现的问题'}</Text>
            </View>
          ) : null}
          {round && canInspect ? (
            <View className='home-action' onClick={() => openPage(`/packages/issues/pages/list/index?roundId=${round.id}&status=submitted`)}>
              <Text className='home-action-title'>审核整改反馈</Text>
              <Text className='home-action-sub'>{rectification ? `${rectification.submitted} 条反馈待审核` : '确认或退回联络员的反馈'}</Text>
            </View>
          ) : null}
          {round && (user.role === 'leader' || user.role === 'admin') ? (
            <View className='home-action' onClick={() => openPage(`/packages/summary/pages/index/index?roundId=${round.id}`)}>
              <Text className='home-action-title'>检查概况</Text>
              <Text className='home-action-sub'>合格率、各单位情况、走势</Text>
            </View>
          ) : null}
          {round && user.role !== 'liaison' ? (
            <View className='home-action' onClick={() => openPage(`/packages/issues/pages/overview/index?roundId=${round.id}`)}>
              <Text className='home-action-title'>整改情况</Text>
              <Text className='home-action-sub'>{rectification ? `待整改 ${rectification.open}，逾期 ${rectification.overdue}` : '各单位待整改、逾期'}</Text>
            </View>
          ) : null}
          {user.role === 'admin' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/people/index')}>
              <Text className='home-action-title'>人员管理</Text>
              <Text className='home-action-sub'>新建人员、发放绑定码</Text>
            </View>
          ) : null}
          {user.role === 'admin' || user.role === 'leader' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/registry/index')}>
              <Text className='home-action-title'>账号台账</Text>
              <Text className='home-action-sub'>按单位查看、搜索、导出账号</Text>
            </View>
          ) : null}
          {user.role === 'admin' || user.role === 'leader' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/rounds/index')}>
              <Text className='home-action-title'>检查批次</Text>
              <Text className='home-action-sub'>{user.role === 'admin' ? '新建批次、抽查、分配检查员' : '各批次的时间、范围和状态'}</Text>
            </View>
          ) : null}
          {user.role === 'admin' || user.role === 'leader' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/catalogs/index')}>
              <Text className='home-action-title'>检查指标</Text>
              <Text className='home-action-sub'>{user.role === 'admin' ? '查看指标版本，复制修改后发布' : '查看各版本检查指标'}</Text>
            </View>
          ) : null}
          {user.role === 'admin' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/import/index')}>
              <Text className='home-action-title'>导入账号台账</Text>
              <Text className='home-action-sub'>从 Excel/CSV 台账新增、更新账号</Text>
            </View>
          ) : null}
          {round && user.role !== 'liaison' ? (
            <View className='home-action' onClick={() => openPage(`/packages/summary/pages/search/index?roundId=${round.id}`)}>
              <Text className='home-action-title'>截图文字搜索</Text>
              <Text className='home-action-sub'>哪些账号的截图出现过某段文字</Text>
            </View>
          ) : null}
          {user.role === 'admin' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/wording/index')}>
              <Text className='home-action-title'>错敏词库</Text>
              <Text className='home-action-sub'>截图识别时标出的错误写法</Text>
            </View>
          ) : null}
          {user.role === 'admin' ? (
            <View className='home-action' onClick={() => openPage('/packages/admin/pages/audit/index')}>
              <Text className='home-action-title'>操作记录</Text>
              <Text className='home-action-sub'>谁在何时做了什么</Text>
            </View>
          ) : null}
          {user.role === 'inspector' || user.role === 'liaison' ? (
            <View className='home-action' onClick={() => void Taro.navigateTo({ url: '/pages/sync/index' })}>
              <Text className='home-action-title'>同步状态</Text>
              <Text className='home-action-sub'>{entries.length > 0 ? `${entries.length} 条在手机上等待上传` : '提交的记录都已上传'}</Text>
            </View>
          ) : null}
          {process.env.TARO_ENV === 'weapp' ? (
            <View className='home-action' onClick={() => void scanDesktop()}>
              <Text className='home-action-title'>扫码登录电脑版</Text>
              <Text className='home-action-sub'>在电脑浏览器上办公</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      <View className='home-logout' onClick={() => void logout()}>
        退出登录
      </View>
    </View>
  )
}
