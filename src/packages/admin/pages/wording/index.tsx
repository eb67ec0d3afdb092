import { useState } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { useWording, wordingStore } from '../../../../stores'
import { useCityWideAdmin } from '../../components/useCityWide'
import type { WordingTermItem } from '../../../../core'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

/** One entry: the wrong form struck through, the right one, the source; the office's own can be removed. */
function TermRow({ term, onRemove }: { term: WordingTermItem; onRemove?: () => void }) {
  return (
    <View className='wording-item' data-wrong={term.wrong}>
      <View className='wording-item-body'>
        <View className='wording-item-terms'>
          <Text className='wording-item-wrong'>{term.wrong}</Text>
          <Text className='wording-item-arrow'>→</Text>
          <Text className='wording-item-right'>{term.right}</Text>
        </View>
        <Text className='wording-item-source'>依据：{term.source}</Text>
      </View>
      {onRemove ? (
        <View className='wording-item-remove' onClick={onRemove}>
          删除
        </View>
      ) : null}
    </View>
  )
}

/**
 * The dictionary of wrong forms of official terms (错敏词库) that screenshot text is checked
 * against: the shipped entries with their sources, and the office's own (local place and unit
 * names), which the admin adds and removes. A hit is only ever shown to the inspector to confirm.
 */
export default function WordingPage() {
  const items = useWording((s) => s.items)
  const loading = useWording((s) => s.loading)
  const busy = useWording((s) => s.busy)
  const error = useWording((s) => s.error)
  // The dictionary is the city's: a district admin reads it (the server refuses their changes too).
  const { admin, cityWide: isAdmin } = useCityWideAdmin()
  const [wrong, setWrong] = useState('')
  const [right, setRight] = useState('')
  const [source, setSource] = useState('')
  useDidShow(() => void wordingStore.getState().load())

  const own = items.filter((t) => !t.shipped)
  const shipped = items.filter((t) => t.shipped)
  const [query, setQuery] = useState('')
  const q = query.replace(/\s+/g, '')
  const byCategory = new Map<string, number>()
  for (const t of shipped) byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1)
  const found = q === '' ? [] : shipped.filter((t) => t.wrong.includes(q) || t.right.includes(q) || t.category === q)
  const add = async () => {
    if (await wordingStore.getState().add({ wrong, right, source })) {
      setWrong('')
      setRight('')
      setSource('')
      void Taro.showToast({ title: '已加入', icon: 'success' })
    }
  }
  const remove = async (id: string, w: string) => {
    const { confirm } = await Taro.showModal({ title: '删除词条', content: `删除「${w}」后，截图识别不再标出它。`, confirmText: '删除', confirmColor: '#d93026' })
    if (confirm) await wordingStore.getState().remove(id)
  }

  return (
    <View className='page wording-page'>
      <View className='hero'>
        <Text className='hero-title'>错敏词库</Text>
        <Text className='wording-sub'>
          截图文字识别时标出这些错误写法，由检查员对照截图确认。内置 {shipped.length} 条，本单位新增 {own.length} 条
        </Text>
      </View>

      {admin && !isAdmin ? (
        <View className='card wording-readonly'>
          <Text className='muted'>错敏词库由市级管理员维护，区县管理员可以查看。</Text>
        </View>
      ) : null}
      {isAdmin ? (
        <View className='card wording-form'>
          <Text className='card-title'>新增词条</Text>
          <Input className='field-input wording-input' value={wrong} maxlength={30} placeholder='错误写法，如：东港真' onInput={(e) => setWrong(e.detail.value)} />
          <Input className='field-input wording-input' value={right} maxlength={30} placeholder='正确写法，如：东港镇' onInput={(e) => setRight(e.detail.value)} />
          <Input className='field-input wording-input' value={source} maxlength={100} placeholder='依据：文件或出处' onInput={(e) => setSource(e.detail.value)} />
          {error ? <Text className='error-text wording-error'>{error}</Text> : null}
          <View className={`wording-add ${busy ? 'wording-add-busy' : ''}`} onClick={() => void add()}>
            {busy ? '正在保存…' : '加入词库'}
          </View>
        </View>
      ) : null}

      {!loading && !isAdmin && error ? <EmptyState tone='error' title='词库加载失败' hint={error} actionText='重试' onAction={() => void wordingStore.getState().load()} /> : null}

      <View className='card'>
        <Text className='card-title'>本单位新增</Text>
        {own.length === 0 ? <Text className='muted'>还没有新增的词条</Text> : null}
        {own.map((t) => (
          <TermRow key={t.id ?? t.wrong} term={t} onRemove={isAdmin && t.id ? () => void remove(t.id as string, t.wrong) : undefined} />
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>内置词库</Text>
        <Text className='muted wording-shipped-sub'>常见错别字、成语、机构名称、职务、政治术语等的错误写法，各附正确写法的出处；另按读音和字形查找与规范表述只差一个字的写法。</Text>
        <View className='wording-categories'>
          {[...byCategory].map(([c, n]) => (
            <View key={c} className={`wording-category-chip ${query === c ? 'wording-category-on' : ''}`} onClick={() => setQuery(query === c ? '' : c)}>
              <Text>{`${c} ${n}`}</Text>
            </View>
          ))}
        </View>
        <Input className='field-input wording-search' value={query} placeholder='查找词条：输入错误或正确写法' onInput={(e) => setQuery(e.detail.value)} />
        {q !== '' && found.length === 0 ? <Text className='muted'>没有找到相关词条</Text> : null}
        {found.slice(0, 50).map((t) => (
          <TermRow key={t.wrong} term={t} />
        ))}
        {found.length > 50 ? <Text className='muted'>{`共 ${found.length} 条，仅显示前 50 条`}</Text> : null}
      </View>

      {admin ? (
        <View className='card wording-leaders-link' onClick={() => openPage('/packages/admin/pages/leaders/index')}>
          <Text className='card-title'>领导姓名职务表 ›</Text>
          <Text className='muted'>截图和通报中领导姓名旁的职务与此表不符时提示</Text>
        </View>
      ) : null}
    </View>
  )
}
