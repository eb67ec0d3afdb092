import { useState } from 'react'
import { useDidShow, useRouter } from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatChineseDate } from '../../../../core'
import type { RectificationReportView } from '../../../../api/types'
import { api } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { openDocument } from '../../../../platform/documents'
import './index.scss'

const todayIso = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)

function generatedAt(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString()
  return `${formatChineseDate(local.slice(0, 10))} ${local.slice(11, 16)}`
}

/**
 * A department's 整改情况报告 for a round (liaison of the unit or above, admin, leader): where its
 * issues stand, the planned date for those not done, and the .docx in the official format.
 */
export default function ReportPage() {
  const { departmentId = '', roundId = '' } = useRouter().params
  const [view, setView] = useState<RectificationReportView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [planned, setPlanned] = useState('')
  const [busy, setBusy] = useState(false)

  const load = async () => {
    try {
      setView(await api.rectificationReport(departmentId, roundId))
      setError(null)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  useDidShow(() => void load())

  if (!view) return <View className='page'>{error ? <EmptyState tone='error' title='加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : <EmptyState title='正在加载…' />}</View>

  const missingPlan = view.pending > 0 && view.planRequired && !planned
  const generate = async () => {
    if (missingPlan) {
      setError('整改期限已过，请先选择未完成问题的计划完成日期')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await openDocument(api.rectificationReportDocxUrl(departmentId, roundId, planned || null), 'docx')
      // The server records when it was generated; the download has started by now.
      setTimeout(() => void load(), 800)
    } catch {
      setError('生成失败，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  const figures: [string, number, string][] = [
    ['问题', view.issues, ''],
    ['已反馈', view.answered, ''],
    ['已确认', view.confirmed, ''],
    ['未完成', view.pending, view.pending > 0 ? 'report-bad' : '']
  ]
  return (
    <View className='page report'>
      <View className='hero'>
        <Text className='hero-title report-dept'>{view.department.name}</Text>
        <Text className='report-sub'>{`${view.round.name} · 整改期限 ${formatChineseDate(view.round.deadline)}`}</Text>
        <View className='report-figures'>
          {figures.map(([label, n, cls]) => (
            <View className='report-figure' key={label}>
              <Text className={`report-figure-value ${cls}`} data-figure={label}>
                {n}
              </Text>
              <Text className='report-figure-label'>{label}</Text>
            </View>
          ))}
        </View>
      </View>

      {view.issues === 0 ? (
        <EmptyState title='本单位在该批次没有发现问题' hint='无需报送整改情况报告' />
      ) : (
        <View className='card report-card'>
          <Text className='card-title'>报告内容</Text>
          <Text className='muted report-line'>{`按公文格式（GB/T 9704）生成，报${view.round.name}检查的发文单位：逐项写明通报所列问题、整改情况和反馈日期，附整改截图（每个问题最多两张）。`}</Text>
          {view.late > 0 ? <Text className='report-line report-warn'>{`其中 ${view.late} 个问题逾期，报告如实写明反馈日期。`}</Text> : null}
          {view.pending > 0 ? (
            <View className='report-plan'>
              <Text className='report-line'>{`还有 ${view.pending} 个问题未完成整改，报告写明计划完成日期：`}</Text>
              <Picker mode='date' value={planned || todayIso()} start={todayIso()} onChange={(e) => setPlanned(String(e.detail.value))}>
                <View className={`field-input report-date ${planned ? '' : 'report-date-empty'}`}>
                  <Text>{planned ? formatChineseDate(planned) : view.planRequired ? '请选择计划完成日期' : `不选则按整改期限 ${formatChineseDate(view.round.deadline)}`}</Text>
                </View>
              </Picker>
            </View>
          ) : (
            <Text className='report-line report-ok'>全部问题已完成整改。</Text>
          )}
          {view.generated ? <Text className='muted report-line report-generated'>{`上次生成：${generatedAt(view.generated.at)}（${view.generated.by}）`}</Text> : <Text className='muted report-line report-generated'>尚未生成</Text>}
          {error ? <Text className='error-text'>{error}</Text> : null}
          <Button className='report-generate' type='primary' size='large' block loading={busy} onClick={() => void generate()}>
            生成整改报告（Word）
          </Button>
        </View>
      )}
    </View>
  )
}
