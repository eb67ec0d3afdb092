import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatChineseDate } from '../../../../core'
import { catalogsStore, useCatalogs } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

/**
 * The indicator catalogs (admin, leader): every version, published or draft, with how many
 * rounds use it. A round stays bound to the version it was created with.
 */
export default function CatalogsPage() {
  const items = useCatalogs((s) => s.items)
  const loading = useCatalogs((s) => s.loading)
  const error = useCatalogs((s) => s.error)

  const load = async () => {
    await catalogsStore.getState().load()
    Taro.stopPullDownRefresh()
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load())

  return (
    <View className='page catalogs'>
      <View className='hero'>
        <Text className='hero-title'>检查指标</Text>
        <Text className='catalogs-sub'>已发布的版本不再改变；复制为新版本后修改、发布</Text>
      </View>
      {error ? <EmptyState tone='error' title='指标加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!loading && !error && items.length === 0 ? <EmptyState title='还没有指标版本' /> : null}
      {items.map((c) => (
        <View className='card catalog-item' key={c.id} data-catalog={c.id} onClick={() => openPage(`/packages/admin/pages/catalog/index?id=${encodeURIComponent(c.id)}`)}>
          <View className='row'>
            <Text className='catalog-item-name'>{c.name}</Text>
            <View className='spacer' />
            <Text className={`tag ${c.published ? 'tag-pass' : 'tag-pending'}`}>{c.published ? '已发布' : '草稿'}</Text>
          </View>
          <Text className='muted catalog-item-line'>
            第 {c.version} 版 · {c.indicators} 项指标 · {c.rounds ? `${c.rounds} 个批次在用` : '尚无批次使用'}
            {c.publishedAt ? ` · ${formatChineseDate(c.publishedAt.slice(0, 10))}发布` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
