import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Input, Text, View } from '@tarojs/components'
import { formatChineseDate } from '../../../../core'
import { api, evidenceSearchStore, useEvidenceSearch } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { platformLabel } from '../../../../components/labels'
import './index.scss'

/** The quote with the phrase marked (spaces in the quote do not hide it). */
function Quote({ quote, phrase }: { quote: string; phrase: string }) {
  const chars = [...quote]
  const bare = chars.filter((c) => !/\s/.test(c)).join('')
  const at = phrase ? bare.indexOf(phrase) : -1
  if (at < 0) return <Text className='search-quote'>{quote}</Text>
  // Map the match in the text without spaces back onto the quote's characters.
  let seen = 0
  let start = -1
  let end = -1
  chars.forEach((c, i) => {
    if (/\s/.test(c)) return
    if (seen === at) start = i
    if (seen === at + phrase.length - 1) end = i + 1
    seen += 1
  })
  return (
    <Text className='search-quote'>
      {chars.slice(0, start).join('')}
      <Text className='search-mark'>{chars.slice(start, end).join('')}</Text>
      {chars.slice(end).join('')}
    </Text>
  )
}

/**
 * Search the text read from a round's screenshots (the server's OCR): which accounts showed
 * 「中华人名共和国」 this quarter. Within the caller's scope; inspectors, leaders and admins.
 */
export default function EvidenceSearchPage() {
  const router = useRouter()
  const roundId = router.params.roundId ?? ''
  const result = useEvidenceSearch((s) => s.result)
  const loading = useEvidenceSearch((s) => s.loading)
  const error = useEvidenceSearch((s) => s.error)
  const [q, setQ] = useState(useEvidenceSearch((s) => s.q))
  const search = () => void evidenceSearchStore.getState().search(roundId, q)
  const accounts = result ? new Set(result.items.map((i) => i.accountId)).size : 0

  return (
    <View className='page evidence-search'>
      <View className='hero'>
        <Text className='hero-title'>截图文字搜索</Text>
        <Text className='search-sub'>查找本批次检查截图中出现过某段文字的账号</Text>
      </View>
      <View className='card'>
        <View className='search-row'>
          <Input className='search-field' value={q} maxlength={30} placeholder='如：中华人名共和国' confirmType='search' onInput={(e) => setQ(e.detail.value)} onConfirm={search} />
          <View className='search-go' onClick={search}>
            搜索
          </View>
        </View>
        {error ? <Text className='error-text search-error'>{error}</Text> : null}
      </View>
      {loading ? <Text className='muted search-state'>正在搜索…</Text> : null}
      {result && !loading ? (
        <Text className='search-state'>
          {result.items.length > 0 ? `${accounts} 个账号的 ${result.items.length} 张截图出现「${result.q}」` : `没有截图出现「${result.q}」`}
          {result.truncated ? '（只列出前 100 张）' : ''}
        </Text>
      ) : null}
      {result && !loading && result.unread > 0 ? <Text className='muted search-state'>另有 {result.unread} 张截图尚未识别文字，搜索不到</Text> : null}
      {result && !loading && result.items.length === 0 ? <EmptyState title='没有找到' hint='换一个说法试试，或缩短要找的文字' /> : null}
      {result?.items.map((item) => (
        <View className='card search-hit' key={`${item.sha256}-${item.accountId}-${item.checkpointId}`} data-account={item.accountName}>
          <View className='search-hit-row'>
            <Image
              className='search-thumb'
              src={api.thumbUrl(item.sha256)}
              mode='aspectFill'
              onClick={() => void Taro.previewImage({ urls: [api.evidenceUrl(item.sha256)] })}
            />
            <View className='search-hit-body'>
              <View className='row'>
                <Text className='search-account'>{item.accountName}</Text>
                <Text className='tag tag-info'>{platformLabel(item)}</Text>
              </View>
              <Text className='muted search-meta'>
                {item.unitName} · {formatChineseDate(item.checkpointDate)}监测
              </Text>
              <Quote quote={item.quote} phrase={result.q} />
            </View>
          </View>
        </View>
      ))}
    </View>
  )
}
