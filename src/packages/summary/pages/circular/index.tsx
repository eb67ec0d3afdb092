import { useState } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, circularStore, sessionStore, useCircular } from '../../../../stores'
import { openDocument } from '../../../../platform/documents'
import { EmptyState } from '../../../../components/EmptyState'
import type { CircularCheck } from '../../../../core'
import { ProofreadHint } from '../../../../components/ProofreadHint'
import './index.scss'

/**
 * A round's circular (通报): the text as it will be generated (figures, problems and the annex come
 * from the data), the office's own parts for the admin to write (heading, 二 主要做法和成效,
 * 四 下一步工作要求), and the .docx to open in WeChat or download in the browser.
 */
export default function CircularPage() {
  const router = useRouter()
  const roundId = router.params.roundId ?? ''
  const view = useCircular((s) => s.view)
  const draft = useCircular((s) => s.draft)
  const busy = useCircular((s) => s.busy)
  const error = useCircular((s) => s.error)
  const [editing, setEditing] = useState(false)
  const isAdmin = sessionStore.getState().user?.role === 'admin'

  useLoad(() => void circularStore.getState().load(roundId))

  if (!view) {
    return <View className='page'>{error ? <EmptyState tone='error' title='通报加载失败' hint={error} actionText='重试' onAction={() => void circularStore.getState().load(roundId)} /> : <EmptyState title='正在生成预览…' />}</View>
  }
  const d = draft ?? view
  const save = async () => {
    if (await circularStore.getState().save()) {
      setEditing(false)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    }
  }
  const download = async () => {
    if (draft) {
      void Taro.showToast({ title: '请先保存修改', icon: 'none' })
      return
    }
    const gaps = view.check?.gaps ?? []
    if (gaps.length > 0) {
      const { confirm } = await Taro.showModal({ title: '数据核对发现以下情况', content: `${gaps.join('；')}。仍要生成通报吗？`, confirmText: '仍然生成', cancelText: '先去处理' })
      if (!confirm) return
    }
    try {
      await openDocument(api.circularDocxUrl(roundId), 'docx')
    } catch {
      void Taro.showToast({ title: '生成失败，请重试', icon: 'none' })
    }
  }
  const field = (label: string, key: 'office' | 'docNo' | 'title' | 'copyTo' | 'printedBy', max: number, placeholder = '') => (
    <View className='circular-field'>
      <Text className='muted circular-label'>{label}</Text>
      <Input className='field-input circular-input' value={d[key]} maxlength={max} placeholder={placeholder} onInput={(e) => circularStore.getState().edit({ [key]: e.detail.value })} />
      {key === 'title' ? <ProofreadHint text={d.title} /> : null}
    </View>
  )
  const p = view.preview

  return (
    <View className='page circular'>
      {isAdmin ? (
        <View className='card'>
          <View className='row'>
            <Text className='card-title circular-edit-title'>发文信息和可编辑章节</Text>
            <View className='spacer' />
            <Text className='circular-toggle' onClick={() => setEditing(!editing)}>
              {editing ? '收起' : '修改'}
            </Text>
          </View>
          {view.updatedAt ? <Text className='muted circular-updated'>{`最近修改：${view.updatedBy ?? '系统'}`}</Text> : null}
          {editing ? (
            <View className='circular-form'>
              {field('发文单位', 'office', 40)}
              {field('文号', 'docNo', 40, '如 锡政办发〔2024〕12号，可不填')}
              {field('标题', 'title', 80)}
              <Text className='muted circular-label'>二、主要做法和成效：开头或补充（每行一段，写明账号名称）；选入的典型做法按类别列在其后</Text>
              <Text className='circular-link' onClick={() => openPage(`/packages/summary/pages/practices/index?roundId=${roundId}`)}>
                选取检查员记录的典型做法 ›
              </Text>
              <Textarea className='field-textarea circular-textarea circular-practices' value={d.practices} maxlength={5000} autoHeight onInput={(e) => circularStore.getState().edit({ practices: e.detail.value })} />
              <ProofreadHint text={d.practices} />
              <Text className='muted circular-label'>四、下一步工作要求（每行一段）</Text>
              <Textarea className='field-textarea circular-textarea circular-next' value={d.nextSteps} maxlength={5000} autoHeight onInput={(e) => circularStore.getState().edit({ nextSteps: e.detail.value })} />
              <ProofreadHint text={d.nextSteps} />
              <Text className='muted circular-label'>版记（印在最后一页）</Text>
              {field('抄送', 'copyTo', 300, '如 市委办公室，市人大常委会办公室，可不填')}
              {field('印发机关', 'printedBy', 40, '不填即为发文单位')}
              {error ? <Text className='error-text'>{error}</Text> : null}
              <Button className='circular-button circular-save' type='primary' size='large' block loading={busy} disabled={!draft} onClick={() => void save()}>
                保存
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {view.check ? <CheckCard check={view.check} roundId={roundId} /> : null}

      <View className='card circular-paper'>
        <Text className='circular-office'>{p.office}</Text>
        {p.docNo ? <Text className='circular-docno'>{p.docNo}</Text> : null}
        <View className='circular-rule' />
        <Text className='circular-title'>{p.title}</Text>
        <Text className='circular-para circular-flush'>{p.addressee}</Text>
        {p.sections.map((s) => (
          <View key={s.heading} className='circular-section'>
            <Text className='circular-heading'>{s.heading}</Text>
            {s.paragraphs.map((para, i) => (
              <Text key={i} className={`circular-para ${para.subheading ? 'circular-sub' : ''}`}>
                {para.text}
              </Text>
            ))}
          </View>
        ))}
        <Text className='circular-para'>{p.request}</Text>
        <Text className='circular-para'>{`附件：政务新媒体检查问题清单（${p.annex.length} 条）`}</Text>
      </View>

      <View className='circular-actions'>
        <Button className='circular-button circular-download' type='primary' size='large' block onClick={() => void download()}>
          生成通报（Word）
        </Button>
      </View>
    </View>
  )
}

/** 数据核对: the gaps to see before the circular is signed, each account tappable. */
function CheckCard(props: { check: CircularCheck; roundId: string }) {
  const { check, roundId } = props
  const go = (url: string) => void Taro.navigateTo({ url })
  const ok = check.gaps.length === 0
  return (
    <View className={`card circular-check ${ok ? '' : 'circular-check-gaps'}`}>
      <Text className='card-title'>{ok ? '数据核对：可以生成' : `数据核对：${check.gaps.length} 项需要注意`}</Text>
      {check.checkpoints.map((c) => (
        <View key={c.id} className='circular-check-group'>
          <Text className={c.missing > 0 ? 'circular-check-bad' : 'muted'}>{c.missing > 0 ? `第${c.seq}轮（${c.date}）未检查 ${c.missing} 个` : `第${c.seq}轮（${c.date}）已全部检查`}</Text>
          {c.accounts.slice(0, 5).map((a) => (
            <Text key={a.id} className='circular-check-item' onClick={() => go(`/pages/inspect/index?accountId=${a.id}&checkpointId=${c.id}`)}>
              {`${a.name} · ${a.unit} ›`}
            </Text>
          ))}
          {c.missing > 5 ? <Text className='muted circular-check-more'>{`等 ${c.missing} 个`}</Text> : null}
        </View>
      ))}
      {check.unassigned.count > 0 ? (
        <View className='circular-check-group'>
          <Text className='circular-check-bad'>{`未分配检查员 ${check.unassigned.count} 个`}</Text>
          <Text className='circular-check-item' onClick={() => go(`/packages/admin/pages/assign/index?roundId=${roundId}`)}>
            {`${check.unassigned.accounts.slice(0, 3).map((a) => a.name).join('、')}${check.unassigned.count > 3 ? ' 等' : ''} · 去分配 ›`}
          </Text>
        </View>
      ) : null}
      {check.registryFindings.count > 0 ? (
        <View className='circular-check-group'>
          <Text className='circular-check-bad'>{`台账问题 ${check.registryFindings.count} 个（列入“存在问题”）`}</Text>
          {check.registryFindings.accounts.slice(0, 5).map((a) => (
            <Text key={a.id} className='circular-check-item' onClick={() => go(`/packages/admin/pages/account/index?id=${a.id}`)}>
              {`${a.name} · ${a.unit}：${a.finding} ›`}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='circular-check-group'>
        <View className='row circular-check-row circular-check-head'>
          <Text className='circular-check-label'>项目</Text>
          <Text className='circular-check-n'>通报</Text>
          <Text className='circular-check-n'>台账现有</Text>
        </View>
        {check.figures.map((f) => (
          <View key={f.label} className={`row circular-check-row ${f.circular !== f.registry ? 'circular-check-differs' : ''}`}>
            <Text className='circular-check-label'>{f.label}</Text>
            <Text className='circular-check-n'>{f.circular}</Text>
            <Text className='circular-check-n'>{f.registry}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
