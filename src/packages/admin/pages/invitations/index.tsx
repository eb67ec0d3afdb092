import { useState } from 'react'
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro'
import { Button as TaroButton, Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRoundTime, joinQr } from '../../../../core'
import { onboardingStore, useOnboarding } from '../../../../stores'
import { DepartmentPicker } from '../../components/DepartmentPicker'
import { QrCode } from '../../../../components/QrCode'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

/**
 * Unit invitations (admin): one link per unit, shared as a card or QR code in the unit's WeChat
 * group. Whoever opens it confirms their mobile number with WeChat; a number the office knows (a
 * liaison created from the registry or a sheet, or the registry's contact) is bound at once, any
 * other waits here for one tap. Invitations expire after 14 days and can be revoked.
 */
export default function InvitationsPage() {
  const invitations = useOnboarding((s) => s.invitations)
  const issued = useOnboarding((s) => s.issued)
  const requests = useOnboarding((s) => s.requests)
  const busy = useOnboarding((s) => s.busy)
  const error = useOnboarding((s) => s.error)
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null)
  const [names, setNames] = useState<Record<string, string>>({})

  useDidShow(() => void onboardingStore.getState().loadInvitations())
  useShareAppMessage(() =>
    issued
      ? { title: `邀请您作为「${issued.departmentName}」的联络员加入政务新媒体检查`, path: `/${issued.path}` }
      : { title: '政务新媒体检查', path: '/pages/home/index' }
  )

  const revoke = async (id: string, name: string) => {
    const { confirm } = await Taro.showModal({ title: '撤销邀请', content: `撤销后，「${name}」的这个邀请不能再用于加入。已加入的人员不受影响。`, confirmText: '撤销', confirmColor: '#d93026' })
    if (confirm) await onboardingStore.getState().revoke(id)
  }
  const live = invitations.filter((i) => !i.revoked && !i.expired)

  return (
    <View className='page invitations'>
      <View className='hero'>
        <Text className='hero-title'>单位邀请</Text>
        <Text className='invitations-sub'>发到单位微信群：联络员在小程序中确认手机号，与台账或人员名单一致即自动绑定</Text>
      </View>

      {requests.length > 0 ? (
        <View className='card invitations-requests'>
          <Text className='card-title'>待确认的加入申请（{requests.length}）</Text>
          {requests.map((r) => (
            <View className='invitations-request' key={r.id} data-request={r.id}>
              <Text>
                {r.phone} 申请加入「{r.departmentName}」
              </Text>
              <Text className='muted'>{formatRoundTime(r.createdAt)} · 手机号不在台账和人员名单中</Text>
              <Input className='field-input invitations-name' value={names[r.id] ?? ''} maxlength={32} placeholder='填写姓名后同意' onInput={(e) => setNames({ ...names, [r.id]: e.detail.value })} />
              <View className='row invitations-decide'>
                <Button className='invitations-approve' type='primary' disabled={busy || !(names[r.id] ?? '').trim()} onClick={() => void onboardingStore.getState().approve(r.id, names[r.id] ?? '')}>
                  同意，设为联络员
                </Button>
                <Button className='invitations-reject' fill='none' disabled={busy} onClick={() => void onboardingStore.getState().reject(r.id)}>
                  拒绝
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <View className='card invitations-new'>
        <Text className='card-title'>生成邀请</Text>
        <DepartmentPicker value={unit} onChange={setUnit} />
        <Button className='invitations-create' type='primary' size='large' block disabled={!unit || busy} loading={busy} onClick={() => unit && void onboardingStore.getState().invite(unit.id)}>
          {unit ? `生成「${unit.name}」的邀请` : '先选择单位'}
        </Button>
        {error ? <Text className='error-text'>{error}</Text> : null}
      </View>

      {issued ? (
        <View className='card invitations-issued' data-token={issued.token}>
          <Text className='card-title'>「{issued.departmentName}」的邀请</Text>
          <View className='invitations-qr'>
            <QrCode text={joinQr(issued.token)} />
            <Text className='muted'>在小程序登录页点「扫描单位邀请」即可加入 · {formatRoundTime(issued.expiresAt, { withYear: true })} 前有效</Text>
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <TaroButton className='invitations-share' openType='share'>
              发送到单位微信群
            </TaroButton>
          ) : (
            <Text className='muted'>在手机小程序中打开本页，可直接发送邀请卡片到微信群。</Text>
          )}
        </View>
      ) : null}

      <View className='card'>
        <Text className='card-title'>有效的邀请（{live.length}）</Text>
        {live.length === 0 ? <EmptyState title='还没有有效的邀请' hint='选择单位生成邀请，发到单位微信群' /> : null}
        {live.map((i) => (
          <View className='row invitations-item' key={i.id} data-invitation={i.departmentName}>
            <View className='invitations-item-main'>
              <Text className='invitations-unit'>{i.departmentName}</Text>
              <Text className='muted'>
                已加入 {i.joined} 人 · {formatRoundTime(i.expiresAt, { withYear: true })} 到期
              </Text>
            </View>
            <Text className='invitations-revoke' onClick={() => void revoke(i.id, i.departmentName)}>
              撤销
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
