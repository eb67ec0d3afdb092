import { Text, View } from '@tarojs/components'
import type { Catalog, VerdictResult } from '../core'
import './VerdictBanner.scss'

/** The live verdict of the checklist, recomputed by src/core on every change. */
export function VerdictBanner({ verdict, catalog }: { verdict: VerdictResult; catalog: Catalog }) {
  const title = (code: string) => catalog.indicators.find((i) => i.code === code)?.title ?? code
  if (verdict.verdict === 'fail') {
    return (
      <View className='verdict-banner verdict-fail'>
        <Text className='verdict-word'>不合格</Text>
        <Text className='verdict-detail'>
          {verdict.failedVeto.length > 0 ? `单项否决：${verdict.failedVeto.map(title).join('、')}` : `得分 ${verdict.score ?? ''}，低于合格线`}
        </Text>
      </View>
    )
  }
  if (verdict.verdict === 'pass') {
    return (
      <View className='verdict-banner verdict-pass'>
        <Text className='verdict-word'>合格</Text>
        <Text className='verdict-detail'>{verdict.score !== null ? `得分 ${verdict.score}` : '单项否决指标全部通过'}</Text>
      </View>
    )
  }
  return (
    <View className='verdict-banner verdict-open'>
      <Text className='verdict-word'>待完成</Text>
      <Text className='verdict-detail'>还有 {verdict.unanswered.length} 项未填写</Text>
    </View>
  )
}
