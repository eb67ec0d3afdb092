import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { groupByCategory, formatChineseDate, VERDICT_LABELS } from '../../core'
import { accountsStore, inspectionStore, roundStore, useInspection, useOutbox } from '../../stores'
import { draftProblems, draftVerdict, MAX_PHOTOS_PER_ITEM } from '../../stores/inspection'
import { IndicatorItem } from '../../components/IndicatorItem'
import { VerdictBanner } from '../../components/VerdictBanner'
import { platformLabel } from '../../components/labels'
import './index.scss'

export default function InspectPage() {
  const router = useRouter()
  const context = useInspection((s) => s.context)
  const answers = useInspection((s) => s.answers)
  const photos = useInspection((s) => s.photos)
  const keeping = useInspection((s) => s.keeping)
  const error = useInspection((s) => s.error)
  const queued = useInspection((s) => s.queued)
  const waiting = useOutbox((s) => (queued ? s.entries.find((e) => e.clientId === queued.clientId) : undefined))
  const synced = useOutbox((s) => (queued ? s.synced.find((e) => e.clientId === queued.clientId) : undefined))

  useLoad(() => {
    const round = roundStore.getState().round
    const account = accountsStore.getState().items.find((a) => a.id === router.params.accountId)
    const checkpoint = round?.checkpoints.find((c) => c.id === router.params.checkpointId)
    if (!round || !account || !checkpoint) {
      void Taro.reLaunch({ url: '/pages/home/index' })
      return
    }
    inspectionStore.getState().start({ roundId: round.id, catalog: round.catalog, checkpoint, account })
  })

  if (!context) return <View className='page' />
  const state = { context, answers, photos }
  const verdict = draftVerdict(state)
  const problems = draftProblems(state)
  const store = inspectionStore.getState()

  const addPhoto = async (code: string) => {
    const have = photos[code]?.length ?? 0
    try {
      const res = await Taro.chooseImage({ count: MAX_PHOTOS_PER_ITEM - have, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      await store.addPhotos(code, res.tempFilePaths)
    } catch {
      // the user cancelled
    }
  }
  const preview = (code: string, index: number) => {
    const urls = (photos[code] ?? []).map((p) => p.path)
    void Taro.previewImage({ urls, current: urls[index] })
  }
  const submit = () => {
    if (store.submit()) void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
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
              <Text className={waiting.state === 'pending' ? 'muted' : 'error-text'}>
                {waiting.state === 'pending' ? '正在同步…' : waiting.state === 'failed' ? '同步失败，稍后自动重试' : '同步已暂停，需要处理'}
                {waiting.photos.length > 0 ? `（${uploaded}/${waiting.photos.length} 张截图已接收）` : ''}
              </Text>
              {waiting.lastError ? <Text className='error-text'>{waiting.lastError.message}</Text> : null}
              <Text className='muted'>已保存在手机上，网络恢复后自动上传，不会丢失。</Text>
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
                void Taro.navigateTo({ url: `/packages/issues/pages/list/index?departmentId=${context.account.department.id}&roundId=${context.roundId}` })
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
          <Text className='tag tag-info'>{platformLabel(context.account.platform, context.account.platformRef)}</Text>
        </View>
        <Text className='muted'>{context.account.department.name}</Text>
        <Text className='muted'>
          第{context.checkpoint.seq}次监测 · {formatChineseDate(context.checkpoint.date)} · {context.catalog.name}
        </Text>
      </View>

      <View className='inspect-sticky'>
        {verdict ? <VerdictBanner verdict={verdict} catalog={context.catalog} /> : null}
        <View className='inspect-allpass' onClick={() => store.allPass()}>
          全部合格
        </View>
      </View>

      {groupByCategory(context.catalog).map((group) => (
        <View className='card' key={group.category}>
          <Text className='card-title'>{group.category}</Text>
          {group.indicators.map((indicator) => {
            const a = answers[indicator.code]
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
                onResult={(r) => store.setResult(indicator.code, r)}
                onDate={(d) => store.setLatestPost(indicator.code, d)}
                onNote={(n) => store.setNote(indicator.code, n)}
                onAddPhoto={() => void addPhoto(indicator.code)}
                onRemovePhoto={(i) => store.removePhoto(indicator.code, i)}
                onPreview={(i) => preview(indicator.code, i)}
              />
            )
          })}
        </View>
      ))}

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
