import { Text } from '@tarojs/components'
import { VERDICT_LABELS, type Verdict } from '../core'

/** 合格 / 不合格 / 未检查 */
export function VerdictTag({ verdict }: { verdict: Verdict | null }) {
  if (!verdict) return <Text className='tag tag-pending'>未检查</Text>
  return <Text className={`tag ${verdict === 'pass' ? 'tag-pass' : 'tag-fail'}`}>{VERDICT_LABELS[verdict]}</Text>
}
