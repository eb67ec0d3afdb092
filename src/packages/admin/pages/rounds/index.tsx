import { useState } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatChineseDate, roundDateChoices, type Round } from '../../../../core'
import { roundSetupStore, sessionStore, useRoundSetup } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const STATE_LABELS: Record<Round['state'], string> = { draft: '草稿', open: '进行中', closed: '已结束' }
const STATE_TAGS: Record<Round['state'], string> = { draft: 'tag-pending', open: 'tag-pass', closed: 'tag-info' }
const PERCENTS = [100, 50, 30, 20, 10]

/** Today on the server's calendar (the demo's stands in 2024), else the phone's: where the pickers start. */
function todayOf(today: string | null): string {
  return today ?? new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

function scopeText(r: Round): string {
  if (!r.scope) return '全部账号'
  if (r.scope.kind === 'all') return `全部运行中账号（${r.scope.of} 个）`
  const drawn = r.scope.strata.reduce((n, s) => n + s.drawn, 0)
  return `按层级和平台分层抽查 ${r.scope.percent}%：${r.scope.of} 个中抽 ${drawn} 个（随机种子 ${r.scope.seed}，同一种子抽出相同账号）`
}

/** The admin's rounds: a new round on all running accounts or a stratified sample, shared out evenly, opened, closed. */
export default function RoundsPage() {
  const rounds = useRoundSetup((s) => s.rounds)
  const inspectors = useRoundSetup((s) => s.inspectors)
  const catalogs = useRoundSetup((s) => s.catalogs)
  const error = useRoundSetup((s) => s.error)
  const busy = useRoundSetup((s) => s.busy)
  const loading = useRoundSetup((s) => s.loading)
  const shares = useRoundSetup((s) => s.shares)
  const today = useRoundSetup((s) => s.today)
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [checkpoints, setCheckpoints] = useState<string[]>(['', ''])
  const [deadline, setDeadline] = useState('')
  const [contactName, setContactName] = useState('')
  const [contactPhone, setContactPhone] = useState('')
  const [percent, setPercent] = useState(100)
  const [catalogId, setCatalogId] = useState<string | null>(null)
  // Inspectors ticked for each round's share-out.
  const [picked, setPicked] = useState<Record<string, string[]>>({})

  // A leader reads the rounds; only an admin sets them up.
  const isAdmin = sessionStore.getState().user?.role === 'admin'
  const load = async () => {
    await roundSetupStore.getState().load(isAdmin)
    Taro.stopPullDownRefresh()
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load())

  const create = async () => {
    if (await roundSetupStore.getState().create({ name, catalogId, checkpoints, deadline, contactName, contactPhone, percent, seed: null })) {
      setAdding(false)
      void Taro.showToast({ title: '已创建草稿', icon: 'success' })
    }
  }
  const move = async (r: Round, to: 'open' | 'close') => {
    const { confirm } = await Taro.showModal({ title: to === 'open' ? '开始检查' : '结束检查', content: to === 'open' ? `开始「${r.name}」后，检查员即可检查分配给自己的账号。` : `结束「${r.name}」后，本批次只能查看，不能再提交或修改。` })
    if (confirm) await roundSetupStore.getState().move(r.id, to)
  }
  const toggle = (roundId: string, id: string) =>
    setPicked((all) => {
      const mine = all[roundId] ?? []
      return { ...all, [roundId]: mine.includes(id) ? mine.filter((x) => x !== id) : [...mine, id] }
    })
  // Each picker opens at the date before it (today for the first) with quick choices from there:
  // three checkpoints and a deadline take four taps, not dozens of swipes.
  const dateField = (label: string, value: string, onChange: (v: string) => void, from: string, kind: 'first' | 'next' | 'deadline') => (
    <View className='rounds-date'>
      <Picker mode='date' value={value || (kind === 'first' ? from : (roundDateChoices(from, kind)[0]?.date ?? from))} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='row rounds-field'>
          <Text className='muted'>{label}</Text>
          <View className='spacer' />
          <Text>{value ? formatChineseDate(value) : '请选择'}</Text>
        </View>
      </Picker>
      <View className='chips rounds-date-choices'>
        {roundDateChoices(from, kind).map((c) => (
          <Text key={c.label} className={`chip ${value === c.date ? 'chip-active' : ''}`} onClick={() => onChange(c.date)}>
            {c.label}
          </Text>
        ))}
      </View>
    </View>
  )
  const start = todayOf(today)
  const lastCheckpoint = [...checkpoints].reverse().find((c) => c !== '') ?? start

  return (
    <View className='page rounds'>
      <View className='hero'>
        <Text className='hero-title'>检查批次</Text>
        <Text className='rounds-sub'>{isAdmin ? '新建批次 → 分配检查员 → 开始 → 结束' : '各批次的检查时间、范围和状态'}</Text>
      </View>
      {adding ? (
        <View className='card rounds-form'>
          <Text className='card-title'>新建批次</Text>
          <Input className='field-input rounds-input' value={name} maxlength={50} placeholder='批次名称，如 2024年第三季度' onInput={(e) => setName(e.detail.value)} />
          {checkpoints.map((c, i) => (
            <View key={i}>
              {dateField(`第 ${i + 1} 个监测时间点`, c, (v) => setCheckpoints((list) => list.map((x, j) => (j === i ? v : x))), i === 0 ? start : checkpoints[i - 1] || start, i === 0 ? 'first' : 'next')}
            </View>
          ))}
          {dateField('整改期限', deadline, setDeadline, lastCheckpoint, 'deadline')}
          <Input className='field-input rounds-input' value={contactName} maxlength={32} placeholder='联系人' onInput={(e) => setContactName(e.detail.value)} />
          <Input className='field-input rounds-input' value={contactPhone} maxlength={20} placeholder='联系电话' onInput={(e) => setContactPhone(e.detail.value)} />
          <Text className='muted rounds-label'>检查指标</Text>
          <View className='chips rounds-catalogs'>
            {catalogs.map((c) => (
              <Text key={c.id} className={`chip ${(catalogId ?? catalogs[0]?.id) === c.id ? 'chip-active' : ''}`} onClick={() => setCatalogId(c.id)}>
                {c.name} · 第{c.version}版
              </Text>
            ))}
          </View>
          <Text className='muted rounds-label'>检查范围</Text>
          <View className='chips'>
            {PERCENTS.map((p) => (
              <Text key={p} className={`chip ${percent === p ? 'chip-active' : ''}`} onClick={() => setPercent(p)}>
                {p === 100 ? '全部账号' : `抽查 ${p}%`}
              </Text>
            ))}
          </View>
          {error ? <Text className='error-text'>{error}</Text> : null}
          <Button className='rounds-button' type='primary' size='large' block loading={busy} onClick={() => void create()}>
            创建草稿
          </Button>
          <Button className='rounds-button' fill='none' size='large' block onClick={() => setAdding(false)}>
            取消
          </Button>
        </View>
      ) : isAdmin ? (
        <View className='rounds-actions'>
          <Button className='rounds-add' type='primary' size='large' block onClick={() => setAdding(true)}>
            新建批次
          </Button>
        </View>
      ) : null}
      {error && !adding ? <Text className='error-text rounds-error'>{error}</Text> : null}
      {!loading && rounds.length === 0 ? <EmptyState title='还没有检查批次' /> : null}
      {rounds.map((r) => (
        <View className='card round-card' key={r.id} data-round={r.name}>
          <View className='row'>
            <Text className='round-name'>{r.name}</Text>
            <View className='spacer' />
            <Text className={`tag ${STATE_TAGS[r.state]}`}>{STATE_LABELS[r.state]}</Text>
          </View>
          <Text className='muted round-line'>监测：{r.checkpoints.map((c) => formatChineseDate(c.date)).join('、')} · 整改期限 {formatChineseDate(r.deadline)}</Text>
          <Text className='muted round-line'>{scopeText(r)}</Text>
          {r.scope?.left && r.scope.left.accounts.length > 0 ? <LeftOut left={r.scope.left} /> : null}
          {isAdmin && r.state !== 'closed' ? (
            <View className='round-assign'>
              <Text className='muted rounds-label'>平均分配给（同一单位的账号归同一人）</Text>
              <View className='chips'>
                {inspectors.map((p) => (
                  <Text key={p.id} className={`chip ${(picked[r.id] ?? []).includes(p.id) ? 'chip-active' : ''}`} onClick={() => toggle(r.id, p.id)}>
                    {p.name}
                    {shares[r.id]?.[p.id] !== undefined ? ` · ${shares[r.id]?.[p.id]} 个` : ''}
                  </Text>
                ))}
              </View>
              <Button className='rounds-button round-assign-button' size='large' block disabled={(picked[r.id] ?? []).length === 0 || busy} onClick={() => void roundSetupStore.getState().assign(r.id, picked[r.id] ?? [])}>
                分配检查任务
              </Button>
              <Button
                className='rounds-button round-assign-one'
                fill='outline'
                size='large'
                block
                onClick={() => openPage(`/packages/admin/pages/assign/index?roundId=${encodeURIComponent(r.id)}&name=${encodeURIComponent(r.name)}`)}
              >
                逐个查看、调整分配
              </Button>
            </View>
          ) : null}
          {isAdmin && r.state === 'draft' ? (
            <Button className='rounds-button round-open' type='primary' size='large' block onClick={() => void move(r, 'open')}>
              开始检查
            </Button>
          ) : null}
          {isAdmin && r.state === 'open' ? (
            <Button className='rounds-button round-close' size='large' block onClick={() => void move(r, 'close')}>
              结束检查
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}

/** The registry's accounts a round left out, and why: closed, suspended, or opened after the last checkpoint. */
function LeftOut(props: { left: NonNullable<NonNullable<Round['scope']>['left']> }) {
  const { left } = props
  const [open, setOpen] = useState(false)
  const total = left.closed + left.suspended + left.notYetOpened
  const parts = [left.closed ? `注销 ${left.closed}` : '', left.suspended ? `停更 ${left.suspended}` : '', left.notYetOpened ? `尚未开设 ${left.notYetOpened}` : ''].filter((p) => p)
  return (
    <View className='round-left'>
      <Text className='round-line round-left-toggle' onClick={() => setOpen(!open)}>
        {`台账中未纳入 ${total} 个（${parts.join('，')}）${open ? ' ▴' : ' ▾'}`}
      </Text>
      {open
        ? left.accounts.map((a) => (
            <Text key={a.id} className='muted round-left-item'>
              {`${a.name} · ${a.unit}：${a.reason}`}
            </Text>
          ))
        : null}
      {open && total > left.accounts.length ? <Text className='muted round-left-item'>{`等 ${total} 个`}</Text> : null}
    </View>
  )
}
