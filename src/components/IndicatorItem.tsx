import { Image, Picker, Text, Textarea, View } from '@tarojs/components'
import { evaluateUpdateLag, formatChineseDate, INDICATOR_KIND_LABELS, type Indicator, type ResultValue } from '../core'
import './IndicatorItem.scss'

export interface IndicatorItemProps {
  indicator: Indicator
  result: ResultValue | null
  chosen: ResultValue | null
  note: string
  value: string | null
  photos: { path: string }[]
  checkpointDate: string
  onResult(result: ResultValue | null): void
  onDate(date: string | null): void
  onNote(note: string): void
  onAddPhoto(): void
  onRemovePhoto(index: number): void
  onPreview(index: number): void
}

function LagHint({ value, checkpointDate, days }: { value: string | null; checkpointDate: string; days: number }) {
  const lag = evaluateUpdateLag(value, checkpointDate, days)
  if (lag.error === 'DATE_MISSING') return <Text className='muted'>请选择该账号在监测时间点前最新一条发布的日期</Text>
  if (lag.error === 'DATE_AFTER_CHECKPOINT') return <Text className='error-text'>日期晚于监测时间点，请选择当天或之前的最新一条</Text>
  if (lag.error) return <Text className='error-text'>日期格式不正确</Text>
  return (
    <Text className={lag.result === 'fail' ? 'error-text' : 'lag-ok'}>
      距监测时间点 {lag.lagDays} 天，{lag.result === 'fail' ? `超过 ${days - 1} 天未更新，不合格` : '更新正常'}
    </Text>
  )
}

/** One indicator of the checklist: pass/fail (or the date for the update rule), and for a failure the note and screenshots. */
export function IndicatorItem(p: IndicatorItemProps) {
  const { indicator } = p
  const isRule = indicator.rule?.type === 'update-lag'
  const failed = p.result === 'fail'
  return (
    <View className={`indicator ${failed ? 'indicator-failed' : ''}`} id={`ind-${indicator.code}`}>
      <View className='row'>
        <Text className='indicator-title'>{indicator.title}</Text>
        <View className='spacer' />
        {indicator.kind !== 'veto' ? (
          <Text className='tag tag-info'>
            {INDICATOR_KIND_LABELS[indicator.kind]}
            {indicator.points ? ` ${indicator.points}分` : ''}
          </Text>
        ) : null}
      </View>
      <Text className='indicator-desc'>{indicator.description}</Text>

      {isRule && indicator.rule ? (
        <View className='indicator-date'>
          <Picker mode='date' value={p.value ?? p.checkpointDate} end={p.checkpointDate} onChange={(e) => p.onDate(String(e.detail.value))}>
            <View className='date-field'>
              <Text className='date-label'>最新发布日期</Text>
              <Text className={p.value ? 'date-value' : 'date-placeholder'}>{p.value ? formatChineseDate(p.value) : '点击选择日期'}</Text>
            </View>
          </Picker>
          <View className='date-shortcuts'>
            <Text className='chip' onClick={() => p.onDate(p.checkpointDate)}>
              监测当日有更新
            </Text>
          </View>
          <LagHint value={p.value} checkpointDate={p.checkpointDate} days={indicator.rule.days} />
        </View>
      ) : (
        <View className='segmented'>
          <View className={`seg seg-pass ${p.chosen === 'pass' ? 'seg-on' : ''}`} onClick={() => p.onResult(p.chosen === 'pass' ? null : 'pass')}>
            {indicator.kind === 'bonus' ? '加分' : '合格'}
          </View>
          {indicator.kind !== 'bonus' ? (
            <View className={`seg seg-fail ${p.chosen === 'fail' ? 'seg-on' : ''}`} onClick={() => p.onResult(p.chosen === 'fail' ? null : 'fail')}>
              不合格
            </View>
          ) : null}
          <View className={`seg seg-na ${p.chosen === 'na' ? 'seg-on' : ''}`} onClick={() => p.onResult(p.chosen === 'na' ? null : 'na')}>
            不适用
          </View>
        </View>
      )}

      {failed ? (
        <View className='failure'>
          <Textarea
            className='failure-note'
            value={p.note}
            maxlength={500}
            autoHeight
            placeholder='问题说明（必填）：发现了什么、在哪里'
            onInput={(e) => p.onNote(e.detail.value)}
          />
          <View className='photos'>
            {p.photos.map((photo, i) => (
              <View className='photo' key={photo.path}>
                <Image className='photo-img' src={photo.path} mode='aspectFill' onClick={() => p.onPreview(i)} />
                <View className='photo-remove' onClick={() => p.onRemovePhoto(i)}>
                  <Text className='photo-remove-dot'>×</Text>
                </View>
              </View>
            ))}
            {p.photos.length < 9 ? (
              <View className='photo-add' onClick={p.onAddPhoto}>
                <Text className='photo-add-plus'>＋</Text>
                <Text className='photo-add-text'>截图</Text>
                {indicator.evidenceRequired ? <Text className='photo-add-required'>必填</Text> : null}
              </View>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  )
}
