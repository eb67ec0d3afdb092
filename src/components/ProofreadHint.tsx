import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import { proofreadStore, useProofread } from '../stores'
import './ProofreadHint.scss'

/** How long typing must pause before the text is checked. */
const PAUSE_MS = 700

/**
 * Suspected wording errors in what is being typed, under the field: the wrong form, the right one
 * and why. A hint, never a block: the text is saved as written.
 */
export function ProofreadHint({ text }: { text: string }) {
  const hits = useProofread((s) => s.results[text])
  useEffect(() => {
    const timer = setTimeout(() => void proofreadStore.getState().check(text), PAUSE_MS)
    return () => clearTimeout(timer)
  }, [text])
  if (!hits || hits.length === 0) return null
  return (
    <View className='proofread-hint'>
      <Text className='proofread-hint-title'>{`疑似错敏词 ${hits.length} 处（仅供参考，可照常保存）`}</Text>
      {hits.slice(0, 8).map((h) => (
        <View key={`${h.start}:${h.wrong}`} className='proofread-hint-item'>
          <Text className='proofread-hint-terms'>
            <Text className='proofread-hint-wrong'>{h.wrong}</Text>
            {h.kind === 'date' && h.right === '请核对日期' ? ' 请核对' : ` → ${h.right}`}
          </Text>
          <Text className='proofread-hint-reason'>{h.reason}</Text>
        </View>
      ))}
      {hits.length > 8 ? <Text className='proofread-hint-more'>{`另有 ${hits.length - 8} 处`}</Text> : null}
    </View>
  )
}
