import { useEffect, useState } from 'react'
import { openPage } from '../../../../platform/navigate'
import { pickScreenshots } from '../../../../platform/pick'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { canApply, deadlineLabel, formatChineseDate, formatRoundTime, INDICATOR_KIND_LABELS, ISSUE_STATUS_LABELS, ROLE_LABELS, answerPhrases, repeatLabel, withPhrase } from '../../../../core'
import { api, issueStore, useIssue, useOutbox, useSession } from '../../../../stores'
import { MAX_PHOTOS_PER_ITEM } from '../../../../stores/inspection'
import { EmptyState } from '../../../../components/EmptyState'
import { PhotoPicker } from '../../../../components/PhotoPicker'
import { ISSUE_STATUS_TAG, platformLabel } from '../../../../components/labels'
import type { EvidenceFlag } from '../../../../api/types'
import './index.scss'
import { entryStatus } from '../../../../stores/outbox'

const ACTION_LABELS = { found: '检查发现', answer: '联络员反馈', verify: '确认整改', return: '退回' } as const

const FLAG_SOURCES: Record<EvidenceFlag['match']['source'], string> = { finding: '检查发现时的截图', 'earlier-answer': '此前反馈的截图', 'other-account': '其他账号的截图' }

/** What the reviewer is told about a rectification screenshot that repeats another. */
function flagText(f: EvidenceFlag): string {
  const same = f.kind === 'identical' ? '完全相同' : '高度相似（可能是同一张图重新保存或缩放）'
  const where =
    f.match.source === 'finding'
      ? '检查发现问题时的截图'
      : f.match.source === 'earlier-answer'
        ? `${formatRoundTime(f.match.at)} 那次反馈的截图`
        : `账号「${f.match.account}」（${formatRoundTime(f.match.at)}）用过的截图`
  return `⚠ 这张整改截图与${where}${same}，不能证明已整改，请核实`
}

export default function IssueDetailPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const user = useSession((s) => s.user)
  const detail = useIssue((s) => s.detail)
  const loading = useIssue((s) => s.loading)
  const error = useIssue((s) => s.error)
  const note = useIssue((s) => s.note)
  const photos = useIssue((s) => s.photos)
  const keeping = useIssue((s) => s.keeping)
  const queued = useIssue((s) => s.queued)
  const reviewing = useIssue((s) => s.reviewing)
  const reminders = useIssue((s) => s.reminders)
  const waiting = useOutbox((s) => (queued ? s.entries.find((e) => e.clientId === queued) : undefined))
  const outboxSending = useOutbox((s) => s.sending)
  const synced = useOutbox((s) => (queued ? s.synced.some((e) => e.clientId === queued) : false))
  const [reason, setReason] = useState('')

  useLoad(() => {
    void issueStore.getState().load(id)
  })
  // Once the answer is receipted, show the server's state.
  useEffect(() => {
    if (queued && synced) void issueStore.getState().load(id)
  }, [queued, synced, id])
  const store = issueStore.getState()
  if (!detail) {
    return (
      <View className='page'>
        {error ? <EmptyState tone='error' title='问题加载失败' hint={error} actionText='重试' onAction={() => void store.load(id)} /> : null}
        {loading ? <Text className='muted issue-loading'>正在加载…</Text> : null}
      </View>
    )
  }
  const due = detail.due
  const submitAnswer = () => {
    if (store.answer()) void Taro.showToast({ title: '整改反馈已提交', icon: 'success' })
  }
  const verify = async () => {
    const { confirm } = await Taro.showModal({ title: '确认整改', content: `确认「${detail.account.name}」的这个问题已整改到位？确认后不能再退回。`, confirmText: '确认整改', cancelText: '再看看' })
    if (confirm && (await store.review('verify', reason))) void Taro.showToast({ title: '已确认整改', icon: 'success' })
  }
  const sendBack = async () => {
    if (await store.review('return', reason)) {
      setReason('')
      void Taro.showToast({ title: '已退回，联络员会看到原因', icon: 'none' })
    }
  }
  const canAnswer = (user?.role === 'liaison' || user?.role === 'admin') && canApply(detail.status, 'answer') && !waiting
  const canReview = (user?.role === 'inspector' || user?.role === 'admin') && canApply(detail.status, 'verify')
  const preview = (shas: string[], index: number) => {
    const urls = shas.map((s) => api.evidenceUrl(s))
    void Taro.previewImage({ urls, current: urls[index] })
  }
  const canSubscribe = process.env.TARO_ENV === 'weapp' && user?.role === 'liaison' && reminders && detail.status !== 'verified'
  const subscribe = async () => {
    const ids = reminders
    if (!ids) return
    try {
      const res = (await Taro.requestSubscribeMessage({ tmplIds: [ids.deadline, ids.returned], entityIds: [] })) as unknown as Record<string, string>
      const kinds = (['deadline', 'returned'] as const).filter((k) => res[ids[k]] === 'accept')
      void Taro.showToast({ title: await store.subscribe([...kinds]), icon: 'none' })
    } catch {
      void Taro.showToast({ title: '未能打开订阅设置', icon: 'none' })
    }
  }
  const pick = async () => {
    const paths = await pickScreenshots(MAX_PHOTOS_PER_ITEM - photos.length)
    if (paths.length > 0) await store.addPhotos(paths)
  }

  return (
    <View className='page issue-detail'>
      <View className='issue-head'>
        <View className='row'>
          <Text className='issue-head-account'>{detail.account.name}</Text>
          <Text className='tag tag-info'>{platformLabel(detail.account)}</Text>
          <View className='spacer' />
          <Text className={`tag ${ISSUE_STATUS_TAG[detail.status]}`}>{ISSUE_STATUS_LABELS[detail.status]}</Text>
        </View>
        <Text className='muted'>{detail.department.name}</Text>
        {detail.repeat ? (
          <Text className='issue-repeat'>
            {`${repeatLabel(detail.repeat)}：${[
              detail.repeat.consecutive ? `${detail.repeat.previousRound ?? '上一批次'}检查也不合格` : '',
              detail.repeat.relapsed.includes(detail.indicator.code) ? '此项此前已整改确认，本次再次出现' : detail.repeat.relapsed.length > 0 ? '有已整改确认的问题再次出现' : ''
            ]
              .filter(Boolean)
              .join('；')}`}
          </Text>
        ) : null}
        <View className='row'>
          <View className={`issue-deadline issue-deadline-${due.kind}`}>
            <Text>
              整改期限 {formatChineseDate(detail.round.deadline)} · {deadlineLabel(due)}
            </Text>
          </View>
          <View className='spacer' />
          {canSubscribe ? (
            <Text className='issue-subscribe' onClick={() => void subscribe()}>
              订阅整改提醒
            </Text>
          ) : null}
        </View>
      </View>

      <View className='card'>
        <View className='row'>
          <Text className={`tag ${detail.indicator.kind === 'veto' ? 'tag-fail' : 'tag-warn'}`}>{INDICATOR_KIND_LABELS[detail.indicator.kind]}</Text>
          <Text className='issue-detail-title'>
            {detail.indicator.category} · {detail.indicator.title}
          </Text>
        </View>
        {detail.returnReason ? (
          <View className='issue-returned-banner'>
            <Text className='issue-returned-title'>已被退回，请按原因整改后重新反馈</Text>
            <Text className='issue-returned-reason'>退回原因：{detail.returnReason}</Text>
          </View>
        ) : null}
        <Text className='issue-detail-finding'>{detail.finding}</Text>
        <View className='gallery'>
          {detail.evidence.map((sha, i) => (
            <Image key={sha} className='gallery-img' src={api.thumbUrl(sha)} mode='aspectFill' onClick={() => preview(detail.evidence, i)} />
          ))}
        </View>
        <Text className='muted'>
          {detail.round.name} · 监测时间点 {formatChineseDate(detail.checkpointDate)}
        </Text>
      </View>

      <View className='card'>
        <View className='row'>
          <Text className='card-title'>处理记录</Text>
          <View className='spacer' />
          {user?.role === 'admin' ? (
            <Text
              className='issue-audit-link'
              onClick={() => openPage(`/packages/admin/pages/audit/index?entity=issue&entityId=${detail.id}&title=${encodeURIComponent(`${detail.account.name} · 问题操作记录`)}`)}
            >
              操作记录
            </Text>
          ) : null}
        </View>
        {detail.timeline.map((t, i) => (
          <View className='timeline-item' key={`${t.at}-${i}`}>
            <View className={`timeline-dot timeline-${t.action}`} />
            <View className='timeline-body'>
              <View className='row'>
                <Text className='timeline-action'>{ACTION_LABELS[t.action]}</Text>
                <Text className='muted'>
                  {' '}
                  · {t.actor.name}（{ROLE_LABELS[t.actor.role]}）
                </Text>
                <View className='spacer' />
                <Text className='muted'>{formatRoundTime(t.at)}</Text>
              </View>
              {t.note && t.action !== 'found' ? <Text className='timeline-note'>{t.note}</Text> : null}
              {t.action !== 'found' && t.evidence.length > 0 ? (
                <View className='gallery'>
                  {t.evidence.map((sha, k) => (
                    <Image key={sha} className='gallery-img gallery-small' src={api.thumbUrl(sha)} mode='aspectFill' onClick={() => preview(t.evidence, k)} />
                  ))}
                </View>
              ) : null}
              {(t.flags ?? []).map((f) => (
                <View key={f.sha256} className={`evidence-flag evidence-flag-${f.kind}`} data-source={f.match.source}>
                  <Text className='evidence-flag-text'>{flagText(f)}</Text>
                  <View className='evidence-flag-pair'>
                    <View className='evidence-flag-side'>
                      <Image className='gallery-img gallery-small' src={api.thumbUrl(f.sha256)} mode='aspectFill' onClick={() => preview([f.sha256, f.match.sha256], 0)} />
                      <Text className='muted evidence-flag-caption'>本次整改截图</Text>
                    </View>
                    <View className='evidence-flag-side'>
                      <Image className='gallery-img gallery-small' src={api.thumbUrl(f.match.sha256)} mode='aspectFill' onClick={() => preview([f.sha256, f.match.sha256], 1)} />
                      <Text className='muted evidence-flag-caption'>{FLAG_SOURCES[f.match.source]}</Text>
                    </View>
                  </View>
                </View>
              ))}
            </View>
          </View>
        ))}
        {waiting ? (
          <Text className='issue-pending'>
            整改反馈已保存在手机上：{entryStatus(waiting, outboxSending).text}
            {waiting.lastError && waiting.lastError.code !== 'NETWORK' ? `（${waiting.lastError.message}）` : ''}
          </Text>
        ) : null}
      </View>

      {canAnswer ? (
        <View className='card answer-form'>
          <Text className='card-title'>{detail.status === 'returned' ? '重新反馈整改情况' : '反馈整改情况'}</Text>
          <Textarea className='answer-note' value={note} maxlength={500} autoHeight placeholder='整改情况说明（必填）：做了什么、何时完成；或点下方常用说明' onInput={(e) => store.setNote(e.detail.value)} />
          <View className='chips answer-phrases'>
            {answerPhrases(detail.indicator.title).map((phrase) => (
              <Text key={phrase} className={`chip answer-phrase ${note.includes(phrase) ? 'chip-active' : ''}`} onClick={() => store.setNote(withPhrase(note, phrase))}>
                {phrase}
              </Text>
            ))}
          </View>
          <PhotoPicker photos={photos} max={MAX_PHOTOS_PER_ITEM} addText='整改截图' onAdd={() => void pick()} onRemove={(k) => store.removePhoto(k)} />
          {error ? <Text className='error-text'>{error}</Text> : null}
          <Button className='answer-submit' type='primary' size='large' block loading={keeping > 0} onClick={submitAnswer}>
            提交整改反馈
          </Button>
        </View>
      ) : null}

      {canReview ? (
        <View className='card review-form'>
          <Text className='card-title'>审核整改反馈</Text>
          <Textarea className='answer-note' value={reason} maxlength={500} autoHeight placeholder='退回原因（退回时必填）' onInput={(e) => setReason(e.detail.value)} />
          {error ? <Text className='error-text'>{error}</Text> : null}
          <View className='review-actions'>
            <Button className='review-verify' type='primary' size='large' block loading={reviewing} onClick={() => void verify()}>
              确认整改
            </Button>
            <Button className='review-return' type='danger' fill='outline' size='large' block loading={reviewing} onClick={() => void sendBack()}>
              退回（需写明原因）
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
