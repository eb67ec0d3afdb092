import { useEffect, useState } from 'react'
import { openPage } from '../../platform/navigate'
import { pickScreenshots } from '../../platform/pick'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { groupByCategory, formatChineseDate, formatRoundTime, repeatLabel, VERDICT_LABELS } from '../../core'
import { accountsStore, inspectionStore, readingsStore, roundStore, useInspection, useOutbox, useReadings, useRound, useSession } from '../../stores'
import type { Checkpoint } from '../../api/types'
import { draftProblems, draftVerdict, MAX_PHOTOS_PER_ITEM } from '../../stores/inspection'
import { entryStatus } from '../../stores/outbox'
import { proposedPostDate, wordingHits, type Reading, type ReadingPhoto } from '../../stores/readings'
import { WordingHits } from '../../components/WordingHits'
import { IndicatorItem } from '../../components/IndicatorItem'
import { VerdictBanner } from '../../components/VerdictBanner'
import { EmptyState } from '../../components/EmptyState'
import { InspectionHistory } from '../../components/InspectionHistory'
import { platformLabel } from '../../components/labels'
import './index.scss'

const NO_CHECKPOINTS: Checkpoint[] = []

/** Where reading an item's screenshots stands, while there is no proposal. */
function readingState(photos: ReadingPhoto[], readings: Record<string, Reading>): string | null {
  const states = photos.map((p) => readings[p.sha256]?.status)
  if (states.some((s) => s === 'sending' || s === 'reading')) return '正在识别截图中的最新发布日期…'
  if (states.some((s) => s === 'waiting')) return '联网后识别截图中的发布日期'
  if (states.some((s) => s === 'done')) return '截图中没有找到发布日期，请选择日期'
  return null
}

export default function InspectPage() {
  const router = useRouter()
  const context = useInspection((s) => s.context)
  const answers = useInspection((s) => s.answers)
  const photos = useInspection((s) => s.photos)
  const keeping = useInspection((s) => s.keeping)
  const error = useInspection((s) => s.error)
  const queued = useInspection((s) => s.queued)
  const waiting = useOutbox((s) => (queued ? s.entries.find((e) => e.clientId === queued.clientId) : undefined))
  const outboxSending = useOutbox((s) => s.sending)
  const synced = useOutbox((s) => (queued ? s.synced.find((e) => e.clientId === queued.clientId) : undefined))

  const [missing, setMissing] = useState<string | null>(null)
  const checkpoints = useRound((s) => s.round?.checkpoints ?? NO_CHECKPOINTS)
  const isAdmin = useSession((s) => s.user?.role === 'admin')
  const history = useInspection((s) => s.history)
  const rounds = useInspection((s) => s.rounds)
  const historyError = useInspection((s) => s.historyError)
  const restoredFrom = useInspection((s) => s.restoredFrom)
  const prompt = useInspection((s) => s.prompt)
  const dismissed = useInspection((s) => s.dismissed)
  const readings = useReadings((s) => s.readings)
  const ocr = useReadings((s) => s.ocr)

  // Every screenshot of the checklist is sent and read as soon as it is picked (offline: when the network returns).
  const photoKey = Object.values(photos)
    .flat()
    .map((p) => p.sha256)
    .join(',')
  useEffect(() => {
    readingsStore.getState().request(Object.values(inspectionStore.getState().photos).flat())
  }, [photoKey])

  // A deep link or a reload has no list behind it: load the round and the account it names.
  useLoad(() => {
    void readingsStore.getState().learnOcr()
    const { accountId = '', checkpointId = '' } = router.params
    void (async () => {
      if (!roundStore.getState().round) await roundStore.getState().load({ withSummary: false })
      const round = roundStore.getState().round
      const checkpoint = round?.checkpoints.find((c) => c.id === checkpointId)
      if (!round || !checkpoint) {
        setMissing(roundStore.getState().error ?? '找不到这个检查批次或监测时间点')
        return
      }
      const listed = accountsStore.getState().items.find((a) => a.id === accountId)
      if (listed) inspectionStore.getState().start({ roundId: round.id, catalog: round.catalog, checkpoint, account: listed })
      const detail = await inspectionStore.getState().loadAccount(round.id, accountId)
      if (!listed) {
        if (detail) inspectionStore.getState().start({ roundId: round.id, catalog: round.catalog, checkpoint, account: detail.account })
        else setMissing(inspectionStore.getState().historyError ?? '找不到这个账号')
      }
    })()
  })

  if (missing) {
    return (
      <View className='page'>
        <EmptyState tone='error' title='无法打开该账号' hint={missing} actionText='返回首页' onAction={() => void Taro.reLaunch({ url: '/pages/home/index' })} />
      </View>
    )
  }
  if (!context) return <View className='page' />
  const state = { context, answers, photos }
  const verdict = draftVerdict(state)
  const problems = draftProblems(state)
  const store = inspectionStore.getState()

  const addPhoto = async (code: string) => {
    const have = photos[code]?.length ?? 0
    const paths = await pickScreenshots(MAX_PHOTOS_PER_ITEM - have)
    if (paths.length > 0) await store.addPhotos(code, paths)
  }
  const preview = (code: string, index: number) => {
    const urls = (photos[code] ?? []).map((p) => p.path)
    void Taro.previewImage({ urls, current: urls[index] })
  }
  const submit = () => {
    if (store.submit()) void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }
  const allPass = () => {
    const code = store.allPass()
    if (code) void Taro.pageScrollTo({ selector: `#ind-${code}`, duration: 200 }).catch(() => undefined)
  }
  const discard = async () => {
    const { confirm } = await Taro.showModal({ title: '放弃草稿', content: '放弃后，本次已填写的内容和截图将被删除，不能恢复。', confirmText: '放弃', confirmColor: '#d93026', cancelText: '保留' })
    if (confirm) await store.discard()
  }
  const current = history?.find((h) => h.current && h.checkpointId === context.checkpoint.id) ?? null
  const allPhotos = Object.values(photos).flat()
  const hits = wordingHits(allPhotos, readings, dismissed)
  const pathOf = (sha256: string) => allPhotos.find((p) => p.sha256 === sha256)?.path ?? null
  const confirmWording = (hit: (typeof hits)[number]) => {
    const code = store.confirmWording(hit)
    if (code) void Taro.pageScrollTo({ selector: `#ind-${code}`, duration: 200 }).catch(() => undefined)
  }

  if (queued) {
    const failed = queued.verdict === 'fail'
    const uploaded = waiting ? waiting.photos.filter((p) => p.uploaded).length : 0
    return (
      <View className='page inspect'>
        <View className={`result ${failed ? 'result-fail' : 'result-pass'}`}>
          <Text className='result-icon'>{failed ? '!' : '✓'}</Text>
          <Text className='result-title'>
            {synced ? '已提交' : '已保存'}：{VERDICT_LABELS[queued.verdict]}
          </Text>
          <Text className='result-sub'>
            {context.account.name} · 第{context.checkpoint.seq}次监测（{formatChineseDate(context.checkpoint.date)}）
          </Text>
          {failed ? <Text className='result-sub'>{queued.issues} 个问题将进入「{context.account.department.name}」的问题清单</Text> : null}
        </View>
        <View className='card sync-state'>
          {synced ? (
            <Text className={synced.complete ? 'sync-ok' : 'error-text'}>
              {synced.complete ? '已同步到服务器' : '已同步，但有截图未送达'}
              {synced.expected > 0 ? `，${synced.held}/${synced.expected} 张截图已接收` : ''}
            </Text>
          ) : waiting ? (
            <View className='sync-waiting'>
              <Text className={`sync-status sync-status-${entryStatus(waiting, outboxSending).tone}`}>
                {entryStatus(waiting, outboxSending).text}
                {waiting.photos.length > 0 ? `（${uploaded}/${waiting.photos.length} 张截图已接收）` : ''}
              </Text>
              {waiting.lastError && waiting.lastError.code !== 'NETWORK' ? <Text className='error-text'>{waiting.lastError.message}</Text> : null}
              <Text className='muted'>已保存在手机上，不会丢失。</Text>
            </View>
          ) : null}
        </View>
        <View className='result-actions'>
          {failed ? (
            <Button
              className='result-issues'
              type='primary'
              size='large'
              block
              onClick={() =>
                openPage(`/packages/issues/pages/list/index?departmentId=${context.account.department.id}&roundId=${context.roundId}`)
              }
            >
              查看该单位问题清单
            </Button>
          ) : null}
          <Button className='result-sync' fill='none' size='large' block onClick={() => void Taro.navigateTo({ url: '/pages/sync/index' })}>
            查看同步状态
          </Button>
          <Button className='result-next' type='primary' fill='outline' size='large' block onClick={() => void Taro.navigateBack()}>
            继续检查其他账号
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page inspect'>
      <View className='inspect-head'>
        <View className='row'>
          <Text className='inspect-name'>{context.account.name}</Text>
          <Text className='tag tag-info'>{platformLabel(context.account)}</Text>
        </View>
        <Text className='muted'>{context.account.department.name}</Text>
        {rounds && rounds.length > 1 ? (
          <Text className='muted inspect-rounds'>
            {`历次检查：${rounds.map((r) => `${r.roundName}${r.verdict === 'fail' ? '不合格' : r.verdict === 'pass' ? '合格' : '检查中'}`).join(' · ')}`}
          </Text>
        ) : null}
        {context.account.repeat ? <Text className='tag tag-fail inspect-repeat'>{repeatLabel(context.account.repeat)}</Text> : null}
        <Text className='muted'>
          第{context.checkpoint.seq}次监测 · {formatChineseDate(context.checkpoint.date)} · {context.catalog.name}
        </Text>
      </View>

      {restoredFrom ? (
        <View className='card inspect-draft'>
          <Text className='inspect-draft-text'>已恢复未提交的草稿（{formatRoundTime(new Date(restoredFrom).toISOString())} 保存）</Text>
          <Text className='inspect-draft-discard' onClick={() => void discard()}>
            放弃草稿
          </Text>
        </View>
      ) : null}

      {current ? (
        <View className='card inspect-current'>
          <Text className='inspect-current-title'>
            本次监测已有检查结果：{VERDICT_LABELS[current.verdict]}（{current.inspector}，{formatRoundTime(current.submittedAt)}）
          </Text>
          <Text className='muted'>再次提交将替换当前结果，原记录保留在历史中。</Text>
        </View>
      ) : null}

      {/* The verdict and 全部合格 on one row, what is left to do under it: the bar keeps its layout in every state. */}
      <View className='inspect-sticky'>
        <View className='inspect-sticky-row'>
          {verdict ? <VerdictBanner verdict={verdict} catalog={context.catalog} /> : null}
          <View className='inspect-allpass' onClick={allPass}>
            全部合格
          </View>
        </View>
        {prompt ? <Text className='inspect-prompt'>{prompt}</Text> : null}
      </View>

      <WordingHits hits={hits} pathOf={pathOf} onConfirm={confirmWording} onDismiss={(hit) => store.dismissWording(hit.key)} />

      {groupByCategory(context.catalog).map((group) => (
        <View className='card' key={group.category}>
          <Text className='card-title'>{group.category}</Text>
          {group.indicators.map((indicator) => {
            const a = answers[indicator.code]
            const mine = photos[indicator.code] ?? []
            const isRule = indicator.rule?.type === 'update-lag'
            const proposal = isRule ? proposedPostDate(mine, allPhotos, readings) : null
            return (
              <IndicatorItem
                key={indicator.code}
                indicator={indicator}
                result={verdict?.results[indicator.code] ?? null}
                chosen={a?.result ?? null}
                note={a?.note ?? ''}
                value={a?.value ?? null}
                photos={photos[indicator.code] ?? []}
                checkpointDate={context.checkpoint.date}
                readsDates={ocr === true}
                onResult={(r) => store.setResult(indicator.code, r)}
                onDate={(d) => store.setLatestPost(indicator.code, d)}
                onNote={(n) => store.setNote(indicator.code, n)}
                onAddPhoto={() => void addPhoto(indicator.code)}
                onRemovePhoto={(i) => store.removePhoto(indicator.code, i)}
                onPreview={(i) => preview(indicator.code, i)}
                proposal={proposal}
                reading={isRule ? readingState(mine, readings) : null}
                onAccept={() => proposal && store.setLatestPost(indicator.code, proposal.date)}
              />
            )
          })}
        </View>
      ))}

      <View className='card inspect-practice'>
        <View className='row'>
          <View className='inspect-practice-body'>
            <Text className='inspect-practice-title'>典型做法</Text>
            <Text className='muted'>这个账号有值得推广的做法？记下来供通报选用</Text>
          </View>
          <View
            className='inspect-practice-link'
            onClick={() =>
              void Taro.navigateTo({ url: `/pages/practice/index?roundId=${context.roundId}&accountId=${context.account.id}&name=${encodeURIComponent(context.account.name)}` })
            }
          >
            记录
          </View>
        </View>
      </View>

      <InspectionHistory
        items={history}
        error={historyError}
        checkpoints={checkpoints}
        onAudit={
          isAdmin
            ? () => openPage(`/packages/admin/pages/audit/index?entity=account&entityId=${context.account.id}&title=${encodeURIComponent(`${context.account.name} · 账号操作记录`)}`)
            : undefined
        }
      />

      <View className='inspect-footer'>
        {error ? <Text className='error-text inspect-error'>{error}</Text> : null}
        {!error && problems.length > 0 ? <Text className='muted inspect-error'>{problems[0]?.message}</Text> : null}
        <Button className='submit-btn' type='primary' size='large' block loading={keeping > 0} onClick={submit}>
          {keeping > 0 ? '正在保存截图…' : '提交检查结果'}
        </Button>
      </View>
    </View>
  )
}
