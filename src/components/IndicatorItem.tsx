import { Image, Picker, Text, Textarea, View } from '@tarojs/components'
import { evaluateUpdateLag, findingPhrases, formatChineseDate, formatShortChineseDate, INDICATOR_KIND_LABELS, postDateChoices, withPhrase, type Indicator, type ResultValue } from '../core'
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
  /** The latest post date the screenshots show (update-lag item), to accept in one tap. */
  proposal?: { date: string; raw: string; relative: boolean } | null
  /** Where reading the screenshots stands, when there is no proposal yet. */
  reading?: string | null
  /** The server reads screenshots: only then does the item promise to find the latest post date. */
  readsDates?: boolean
  onAccept?(): void
}

/** 「6月18日」 in the checkpoint's year, else the full date; a relative one says what it read (「昨天」). */
function proposalLabel(p: { date: string; raw: string; relative: boolean }, checkpointDate: string): string {
  const date = p.date.slice(0, 4) === checkpointDate.slice(0, 4) ? formatShortChineseDate(p.date) : formatChineseDate(p.date)
  return p.relative ? `${date}（${p.raw}）` : date
}

function Proposal(p: { proposal: { date: string; raw: string; relative: boolean }; value: string | null; checkpointDate: string; onAccept?: () => void }) {
  const accepted = p.value === p.proposal.date
  return (
    <View className={`proposal ${accepted ? 'proposal-accepted' : ''}`}>
      <View className='proposal-body'>
        <Text className='proposal-text'>截图显示最新发布：{proposalLabel(p.proposal, p.checkpointDate)}</Text>
        <Text className='proposal-hint'>{accepted ? '已采用，可随时改选日期' : '文字识别结果，请核对截图后采用'}</Text>
      </View>
      {accepted ? (
        <Text className='proposal-done'>已采用</Text>
      ) : (
        <View className='proposal-accept' onClick={p.onAccept}>
          采用
        </View>
      )}
    </View>
  )
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
            {postDateChoices(p.checkpointDate, indicator.rule.days).map((c) => (
              <Text key={c.label} className={`chip ${p.value === c.date ? 'chip-active' : ''}`} onClick={() => p.onDate(c.date)}>
                {c.label}
              </Text>
            ))}
          </View>
          {p.proposal ? (
            <Proposal proposal={p.proposal} value={p.value} checkpointDate={p.checkpointDate} onAccept={p.onAccept} />
          ) : p.reading ? (
            <Text className='proposal-reading'>{p.reading}</Text>
          ) : null}
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

      {failed || isRule ? (
        <View className={failed ? 'failure' : 'failure failure-neutral'}>
          {failed ? (
            <>
              <Textarea
                className='failure-note'
                value={p.note}
                maxlength={500}
                autoHeight
                placeholder='问题说明（必填）：发现了什么、在哪里；或点下方常用描述'
                onInput={(e) => p.onNote(e.detail.value)}
              />
              {findingPhrases(indicator).length > 0 ? (
                <View className='chips phrase-chips'>
                  {findingPhrases(indicator).map((phrase) => (
                    <Text key={phrase} className={`chip phrase-chip ${p.note.includes(phrase) ? 'chip-active' : ''}`} onClick={() => p.onNote(withPhrase(p.note, phrase))}>
                      {phrase}
                    </Text>
                  ))}
                </View>
              ) : null}
            </>
          ) : (
            <Text className='photos-hint'>{p.readsDates ? '附上账号的文章列表截图，自动识别最新发布日期' : '附上账号的文章列表截图，并在上方选择最新发布日期'}</Text>
          )}
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
                {indicator.evidenceRequired && failed ? <Text className='photo-add-required'>必填</Text> : null}
              </View>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  )
}
