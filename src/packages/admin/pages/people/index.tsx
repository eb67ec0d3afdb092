import { useState } from 'react'
import { openPage } from '../../../../platform/navigate'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_LABELS, ROLES, type Role } from '../../../../core'
import { peopleStore, usePeople } from '../../../../stores'
import { EmptyState } from '../../../../components/EmptyState'
import { DepartmentPicker } from '../../components/DepartmentPicker'
import './index.scss'

/** The office's people: who may sign in, in which role and scope; a new person gets a bind code. */
export default function PeoplePage() {
  const items = usePeople((s) => s.items)
  const total = usePeople((s) => s.total)
  const loading = usePeople((s) => s.loading)
  const error = usePeople((s) => s.error)
  const busy = usePeople((s) => s.busy)
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('inspector')
  const [department, setDepartment] = useState<{ id: string; name: string } | null>(null)

  const load = async () => {
    await peopleStore.getState().load()
    Taro.stopPullDownRefresh()
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load())

  const create = async () => {
    const issued = await peopleStore.getState().create({ name, role, departmentId: department?.id ?? null })
    if (!issued) return
    setAdding(false)
    setName('')
    setDepartment(null)
    openPage(`/packages/admin/pages/person/index?id=${issued.id}`)
  }

  return (
    <View className='page people'>
      <View className='hero'>
        <Text className='hero-title'>人员管理</Text>
        <Text className='people-sub'>共 {total} 人 · 新人员凭绑定码首次登录（小程序或电脑浏览器）</Text>
      </View>
      {adding ? (
        <View className='card people-form'>
          <Text className='card-title'>新建人员</Text>
          <Input className='field-input people-input' value={name} maxlength={32} placeholder='姓名' onInput={(e) => setName(e.detail.value)} />
          <View className='chips people-roles'>
            {ROLES.map((r) => (
              <Text key={r} className={`chip ${role === r ? 'chip-active' : ''}`} onClick={() => setRole(r)}>
                {ROLE_LABELS[r]}
              </Text>
            ))}
          </View>
          <DepartmentPicker value={department} onChange={setDepartment} />
          {error ? <Text className='error-text'>{error}</Text> : null}
          <Button className='people-create' type='primary' size='large' block loading={busy} onClick={() => void create()}>
            创建并生成绑定码
          </Button>
          <Button className='people-cancel' fill='none' size='large' block onClick={() => setAdding(false)}>
            取消
          </Button>
        </View>
      ) : (
        <View className='people-actions'>
          <Button className='people-add' type='primary' size='large' block onClick={() => setAdding(true)}>
            新建人员
          </Button>
          <Button className='people-bulk' size='large' block onClick={() => openPage('/packages/admin/pages/people-import/index')}>
            批量导入人员（按台账或表格）
          </Button>
          <Button className='people-invite' size='large' block onClick={() => openPage('/packages/admin/pages/invitations/index')}>
            单位邀请与加入申请
          </Button>
        </View>
      )}
      {error && !adding && items.length === 0 ? <EmptyState tone='error' title='人员加载失败' hint={error} actionText='重试' onAction={() => void load()} /> : null}
      {!loading && !error && items.length === 0 ? <EmptyState title='还没有人员' /> : null}
      {items.map((p) => (
        <View className='card person-row' key={p.id} data-person={p.name} onClick={() => openPage(`/packages/admin/pages/person/index?id=${p.id}`)}>
          <View className='row'>
            <Text className='person-name'>{p.name}</Text>
            <Text className='tag tag-info'>{ROLE_LABELS[p.role]}</Text>
            <View className='spacer' />
            {p.active ? <Text className={`tag ${p.bound ? 'tag-pass' : 'tag-pending'}`}>{p.bound ? '已绑定微信' : '待绑定'}</Text> : <Text className='tag tag-fail'>已停用</Text>}
          </View>
          <Text className='muted'>{p.departmentName ?? '全市'}</Text>
        </View>
      ))}
    </View>
  )
}
