import { useMemo, useRef } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useLoad, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ACCOUNT_STATUS_LABELS, PLATFORM_LABELS, type AccountStatus, type RegistryUnit } from '../../../../core'
import { api, registryStore, sessionStore, useRegistry } from '../../../../stores'
import { openDocument } from '../../../../platform/documents'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const STATUSES: (AccountStatus | null)[] = [null, 'active', 'suspended', 'closed']
const STATUS_TAG: Record<AccountStatus, string> = { active: 'tag-pass', suspended: 'tag-warn', closed: 'tag-fail' }

/**
 * The registry (admin, leader): the department tree with its accounts by status, the accounts
 * searchable by name, unit, pinyin initials (「wxcg」) or abbreviation (「卫健」), the export in the
 * import's layout. A district sees its district.
 */
export default function RegistryPage() {
  const units = useRegistry((s) => s.units)
  const unitId = useRegistry((s) => s.unitId)
  const status = useRegistry((s) => s.status)
  const findingsOnly = useRegistry((s) => s.findings)
  const items = useRegistry((s) => s.items)
  const total = useRegistry((s) => s.total)
  const loading = useRegistry((s) => s.loading)
  const error = useRegistry((s) => s.error)
  const q = useRegistry((s) => s.q)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const isAdmin = sessionStore.getState().user?.role === 'admin'

  const load = async () => {
    await registryStore.getState().load()
    Taro.stopPullDownRefresh()
  }
  useLoad(() => void load())
  usePullDownRefresh(() => void load())
  useReachBottom(() => void registryStore.getState().loadMore())

  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units])
  const roots = units.filter((u) => u.parentId === null || !byId.has(u.parentId))
  // Below one root (the city), its children are what an office thinks of as "the units".
  const current = unitId ? byId.get(unitId) : roots.length === 1 ? roots[0] : undefined
  const children = current ? units.filter((u) => u.parentId === current.id) : roots
  const path: RegistryUnit[] = []
  for (let u = unitId ? byId.get(unitId) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined) path.unshift(u)
  const scopeTotals = current?.total ?? roots.reduce((t, r) => ({ active: t.active + r.total.active, suspended: t.suspended + r.total.suspended, closed: t.closed + r.total.closed }), { active: 0, suspended: 0, closed: 0 })
  const scopeFindings = current?.findings.total ?? roots.reduce((n, r) => n + r.findings.total, 0)

  const onSearch = (text: string) => {
    registryStore.setState({ q: text })
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void registryStore.getState().search({ q: text }), 300)
  }
  const exportXlsx = async () => {
    try {
      await openDocument(api.registryExportUrl(), 'xlsx')
    } catch {
      void Taro.showToast({ title: '导出失败，请重试', icon: 'none' })
    }
  }

  return (
    <View className='page registry'>
      <View className='hero'>
        <Text className='hero-title'>{path.length ? path[path.length - 1]?.name : '账号台账'}</Text>
        <Text className='registry-sub'>
          {/* One string: Taro's H5 text nodes move when a conditional part appears later. */}
          {`运行 ${scopeTotals.active} · 停更 ${scopeTotals.suspended} · 注销 ${scopeTotals.closed}${scopeFindings ? ` · 台账问题 ${scopeFindings}` : ''}`}
        </Text>
      </View>

      <View className='card registry-search'>
        <Input className='field-input registry-input' value={q} placeholder='账号名称、单位或拼音首字母（如 wxcg）' confirmType='search' onInput={(e) => onSearch(e.detail.value)} />
        <View className='chips registry-statuses'>
          {STATUSES.map((s) => (
            <Text key={s ?? 'all'} className={`chip ${status === s && !findingsOnly ? 'chip-active' : ''}`} onClick={() => void registryStore.getState().search({ status: s, findings: false })}>
              {s ? ACCOUNT_STATUS_LABELS[s] : '全部'}
            </Text>
          ))}
          <Text className={`chip registry-findings-chip ${findingsOnly ? 'chip-active' : ''}`} onClick={() => void registryStore.getState().search({ status: null, findings: true })}>
            {scopeFindings ? `台账问题 ${scopeFindings}` : '台账问题'}
          </Text>
        </View>
      </View>

      <View className='card registry-units'>
        <View className='row registry-path'>
          <Text className={`registry-crumb ${unitId ? '' : 'registry-crumb-here'}`} onClick={() => void registryStore.getState().search({ unitId: null })}>
            全部单位
          </Text>
          {path.map((u) => (
            <Text key={u.id} className={`registry-crumb ${u.id === unitId ? 'registry-crumb-here' : ''}`} onClick={() => void registryStore.getState().search({ unitId: u.id })}>
              › {u.name}
            </Text>
          ))}
        </View>
        {children.slice(0, 60).map((u) => (
          <View className='row registry-unit' key={u.id} data-unit={u.name} onClick={() => void registryStore.getState().search({ unitId: u.id })}>
            <Text className='registry-unit-name'>{u.name}</Text>
            <View className='spacer' />
            {u.findings.total ? <Text className='tag tag-fail registry-unit-findings'>问题 {u.findings.total}</Text> : null}
            <Text className='muted'>{`${u.total.active + u.total.suspended}${u.total.closed ? ` · 注销 ${u.total.closed}` : ''} ›`}</Text>
          </View>
        ))}
        {children.length > 60 ? <Text className='muted'>另有 {children.length - 60} 个单位，请用搜索</Text> : null}
      </View>

      <View className='registry-actions row'>
        <Button className='registry-action' size='large' onClick={() => void exportXlsx()}>
          导出台账
        </Button>
        {isAdmin ? (
          <Button className='registry-action' type='primary' size='large' onClick={() => openPage('/packages/admin/pages/import/index')}>
            导入台账
          </Button>
        ) : null}
      </View>

      <Text className='registry-count muted'>共 {total} 个账号</Text>
      {error ? <EmptyState tone='error' title='台账加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!loading && !error && items.length === 0 ? <EmptyState title='没有找到账号' hint={q ? '换个关键词试试，支持拼音首字母' : undefined} /> : null}
      {items.map((a) => (
        <View className='card registry-account' key={a.id} data-account={a.name} onClick={() => openPage(`/packages/admin/pages/account/index?id=${a.id}`)}>
          <View className='row'>
            <Text className='registry-account-name'>{a.name}</Text>
            <Text className='tag tag-info'>{a.platformName || PLATFORM_LABELS[a.platform]}</Text>
            <View className='spacer' />
            <Text className={`tag ${STATUS_TAG[a.status]}`}>{ACCOUNT_STATUS_LABELS[a.status]}</Text>
          </View>
          <Text className='muted registry-account-unit'>{a.department.name}</Text>
          {a.finding ? <Text className='registry-account-finding'>{a.finding}</Text> : null}
        </View>
      ))}
      {loading && items.length > 0 ? <Text className='muted registry-more'>加载中…</Text> : null}
    </View>
  )
}
