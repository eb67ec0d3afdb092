import { useState } from 'react'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ACCOUNT_STATUS_LABELS, formatChineseDate, PLATFORM_LABELS, type AccountEventItem, type AccountStatus } from '../../../../core'
import { registryStore, sessionStore, useRegistry } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const STATUS_TAG: Record<AccountStatus, string> = { active: 'tag-pass', suspended: 'tag-warn', closed: 'tag-fail' }

function describe(e: AccountEventItem): string {
  const d = (e.detail ?? {}) as { name?: [string, string]; status?: [string, string]; withoutStopNotice?: boolean; reason?: string }
  switch (e.kind) {
    case 'created':
      return '登记入台账'
    case 'renamed':
      return `改名：${d.name?.[0] ?? ''} → ${d.name?.[1] ?? ''}`
    case 'suspended':
      return '停更（发布停更公告）'
    case 'closed':
      return `注销${d.withoutStopNotice ? '（未先发布停更公告）' : ''}${d.reason === 'missing-from-import' ? '（导入台账时不在文件中）' : ''}`
    case 'reopened':
      return '恢复运行'
    default:
      return '更新了登记信息'
  }
}

/** One account of the registry: its record, its dated changes, and (admin) rename, 停更, 注销, 恢复运行. */
export default function AccountPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const account = useRegistry((s) => s.account)
  const error = useRegistry((s) => s.error)
  const busy = useRegistry((s) => s.busy)
  const isAdmin = sessionStore.getState().user?.role === 'admin'
  const [name, setName] = useState('')
  const [renaming, setRenaming] = useState(false)
  useLoad(() => void registryStore.getState().openAccount(id))

  if (!account || account.id !== id) {
    return <View className='page'>{error ? <EmptyState tone='error' title='账号加载失败' hint={error} actionText='重试' onAction={() => void registryStore.getState().openAccount(id)} /> : <EmptyState title='加载中…' />}</View>
  }
  const today = new Date().toISOString().slice(0, 10)
  const step = async (status: AccountStatus, date?: string) => {
    const label = ACCOUNT_STATUS_LABELS[status]
    const { confirm } = await Taro.showModal({ title: `确认${status === 'active' ? '恢复运行' : label}`, content: status === 'closed' ? '注销后不能再修改，确定吗？' : `将「${account.name}」标为${label}${date ? `（${formatChineseDate(date)}）` : ''}` })
    if (confirm && (await registryStore.getState().change({ status, ...(date ? { date } : {}) }))) void Taro.showToast({ title: '已保存', icon: 'success' })
  }
  const rename = async () => {
    if (await registryStore.getState().change({ name })) {
      setRenaming(false)
      void Taro.showToast({ title: '已改名', icon: 'success' })
    }
  }
  const rows: [string, string][] = [
    ['平台', account.platformName || PLATFORM_LABELS[account.platform]],
    ['账号ID或链接', account.platformRef || '—'],
    ['主办单位', account.department.name],
    ['运维人员', account.operator || '—'],
    ['联系电话', account.phone || '—'],
    ['备案编号', account.registryNo || '—'],
    ['开设日期', account.openedOn ? formatChineseDate(account.openedOn) : '—']
  ]
  if (account.stopNoticeDate) rows.push(['停更公告日期', formatChineseDate(account.stopNoticeDate)])
  if (account.closedOn) rows.push(['注销日期', formatChineseDate(account.closedOn)])

  return (
    <View className='page account-page'>
      <View className='hero'>
        <View className='row'>
          <Text className='hero-title'>{account.name}</Text>
          <View className='spacer' />
          <Text className={`tag ${STATUS_TAG[account.status]}`}>{ACCOUNT_STATUS_LABELS[account.status]}</Text>
        </View>
      </View>
      {account.finding ? (
        <View className='card account-finding'>
          <Text className='account-finding-title'>台账问题 · 计入{account.department.name}</Text>
          <Text className='account-finding-text'>{account.finding}</Text>
        </View>
      ) : null}
      <View className='card'>
        {rows.map(([k, v]) => (
          <View className='row account-field' key={k}>
            <Text className='muted account-key'>{k}</Text>
            <Text className='account-value'>{v}</Text>
          </View>
        ))}
      </View>

      {error ? <Text className='error-text account-error'>{error}</Text> : null}
      {isAdmin && account.status !== 'closed' ? (
        <View className='card account-actions'>
          <Text className='card-title'>变更</Text>
          {renaming ? (
            <View>
              <Input className='field-input account-input' value={name} maxlength={100} placeholder='新的账号名称' onInput={(e) => setName(e.detail.value)} />
              <Button className='account-button' type='primary' size='large' block loading={busy} onClick={() => void rename()}>
                保存新名称
              </Button>
            </View>
          ) : (
            <Button
              className='account-button'
              size='large'
              block
              onClick={() => {
                setName(account.name)
                setRenaming(true)
              }}
            >
              改名
            </Button>
          )}
          {account.status === 'active' ? (
            <Picker mode='date' value={today} end={today} onChange={(e) => void step('suspended', String(e.detail.value))}>
              <Button className='account-button' size='large' block>
                停更（选择停更公告日期）
              </Button>
            </Picker>
          ) : (
            <Button className='account-button' size='large' block onClick={() => void step('active')}>
              恢复运行
            </Button>
          )}
          <Button className='account-button' type='danger' fill='outline' size='large' block onClick={() => void step('closed')}>
            注销
          </Button>
          {account.status === 'active' ? <Text className='muted account-hint'>按规定应先发布停更公告、停更后再注销</Text> : null}
        </View>
      ) : null}

      <View className='card account-rounds'>
        <Text className='card-title'>历次检查</Text>
        {account.rounds.length === 0 ? <Text className='muted'>还没有检查结果</Text> : null}
        {account.rounds.map((r) => (
          <View className='row entry account-round' key={r.roundId} data-round={r.roundName}>
            <Text className='entry-text'>{r.roundName}</Text>
            <View className='spacer' />
            <Text className={`tag ${r.verdict === 'fail' ? 'tag-fail' : r.verdict === 'pass' ? 'tag-pass' : 'tag-pending'}`}>{r.verdict === 'fail' ? '不合格' : r.verdict === 'pass' ? '合格' : '检查中'}</Text>
            {r.failedCodes.length > 0 ? <Text className='muted account-round-issues'>{`问题 ${r.failedCodes.length}${r.verifiedCodes.length ? `，已确认整改 ${r.verifiedCodes.length}` : ''}`}</Text> : null}
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>变更记录</Text>
        {account.events.length === 0 ? <Text className='muted'>导入台账之前的账号没有变更记录</Text> : null}
        {account.events.map((e) => (
          <View className='entry' key={`${e.at}-${e.kind}`}>
            <Text className='entry-text'>{describe(e)}</Text>
            <Text className='muted'>
              {formatChineseDate(e.onDate)}
              {e.actor ? ` · ${e.actor}` : ''}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
