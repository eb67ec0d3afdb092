import { useState } from 'react'
import Taro, { useLoad, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRoundTime, ROLE_LABELS, ROLES } from '../../../../core'
import { peopleStore, usePeople, useSession } from '../../../../stores'
import { QrCode } from '../../../../components/QrCode'
import { AuditEntries } from '../../../../components/AuditEntries'
import { DepartmentPicker } from '../../components/DepartmentPicker'
import './index.scss'

/** One person: role and scope, the bind code (text, QR code, share card), sessions, and their history. */
export default function PersonPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const person = usePeople((s) => s.person)
  const history = usePeople((s) => s.history)
  const issued = usePeople((s) => s.issued)
  const error = usePeople((s) => s.error)
  const busy = usePeople((s) => s.busy)
  const me = useSession((s) => s.user)
  const [moving, setMoving] = useState(false)
  const [department, setDepartment] = useState<{ id: string; name: string } | null>(null)
  useLoad(() => void peopleStore.getState().open(id))
  // The share card carries the code to the person in a WeChat chat (weapp).
  useShareAppMessage(() => ({
    title: issued ? `${issued.name}，请用绑定码 ${issued.bindCode} 登录「政务新媒体检查」` : '政务新媒体检查',
    path: '/pages/login/index'
  }))

  if (!person) return <View className='page'>{error ? <Text className='error-text'>{error}</Text> : <Text className='muted'>正在加载…</Text>}</View>
  const store = peopleStore.getState()
  const deactivate = async () => {
    const { confirm } = await Taro.showModal({ title: '停用人员', content: `停用后「${person.name}」立即退出所有设备，不能再登录。`, confirmText: '停用', confirmColor: '#d93026' })
    if (confirm && (await store.update({ active: false }))) void Taro.showToast({ title: '已停用', icon: 'success' })
  }
  const endSessions = async () => {
    const ended = await store.endSessions()
    if (ended !== null) void Taro.showToast({ title: `已退出 ${ended} 个登录`, icon: 'none' })
  }
  const self = me?.id === person.id

  return (
    <View className='page person'>
      <View className='card'>
        <View className='row'>
          <Text className='person-title'>{person.name}</Text>
          <Text className='tag tag-info'>{ROLE_LABELS[person.role]}</Text>
          <View className='spacer' />
          {person.active ? <Text className={`tag ${person.bound ? 'tag-pass' : 'tag-pending'}`}>{person.bound ? '已绑定微信' : '待绑定'}</Text> : <Text className='tag tag-fail'>已停用</Text>}
        </View>
        <Text className='muted'>{person.departmentName ?? '全市'}</Text>
      </View>

      {issued && issued.id === person.id ? (
        <View className='card person-code'>
          <Text className='card-title'>绑定码（只显示这一次）</Text>
          <View className='person-code-text'>
            <Text userSelect>{issued.bindCode}</Text>
          </View>
          <Text className='muted person-code-note'>{formatRoundTime(issued.expiresAt, { withYear: true })} 前有效，只能使用一次。请本人在小程序点「微信登录」后输入，或在电脑浏览器打开本系统，在登录页输入。</Text>
          <View className='person-qr'>
            <QrCode text={issued.bindCode} size={200} />
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className='person-share' type='primary' size='large' block openType='share'>
              发送给本人（微信）
            </Button>
          ) : null}
        </View>
      ) : null}

      {person.active ? (
        <View className='card'>
          <Text className='card-title'>角色与范围</Text>
          <View className='chips'>
            {ROLES.map((r) => (
              <Text key={r} className={`chip ${person.role === r ? 'chip-active' : ''}`} onClick={() => !self && r !== person.role && void store.update({ role: r })}>
                {ROLE_LABELS[r]}
              </Text>
            ))}
          </View>
          {moving ? (
            <View>
              <DepartmentPicker value={department} onChange={setDepartment} />
              <Button className='person-move' type='primary' size='large' block loading={busy} onClick={() => void store.update({ departmentId: department?.id ?? null }).then((ok) => ok && setMoving(false))}>
                保存单位
              </Button>
            </View>
          ) : (
            <Button className='person-move' fill='outline' size='large' block onClick={() => setMoving(true)}>
              更改所属单位
            </Button>
          )}
          {error ? <Text className='error-text'>{error}</Text> : null}
        </View>
      ) : null}

      <View className='person-actions'>
        {person.active ? (
          <Button className='person-reissue' type='primary' fill='outline' size='large' block loading={busy} onClick={() => void store.reissue()}>
            重新发放绑定码
          </Button>
        ) : null}
        <Button className='person-sessions' fill='outline' size='large' block onClick={() => void endSessions()}>
          让其在所有设备退出登录
        </Button>
        {person.active && !self ? (
          <Button className='person-deactivate' type='danger' fill='outline' size='large' block onClick={() => void deactivate()}>
            停用
          </Button>
        ) : null}
        {!person.active ? (
          <Button className='person-activate' type='primary' size='large' block onClick={() => void store.update({ active: true })}>
            恢复使用
          </Button>
        ) : null}
      </View>

      <View className='card'>
        <Text className='card-title'>操作记录</Text>
        {history.length === 0 ? <Text className='muted'>暂无记录</Text> : null}
        <AuditEntries items={history} />
      </View>
    </View>
  )
}
