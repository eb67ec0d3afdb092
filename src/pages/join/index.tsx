import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRoundTime, maskedMobile } from '../../core'
import { joinStore, useJoin } from '../../stores'
import { EmptyState } from '../../components/EmptyState'
import './index.scss'

/**
 * A unit's invitation, opened from the share card or QR code in the unit's WeChat group. The
 * person confirms their mobile number with WeChat's phone button; the office knows the number →
 * signed in as the unit's liaison at once; otherwise the request waits for an admin's tap.
 */
export default function JoinPage() {
  const router = useRouter()
  const token = router.params.t ?? ''
  const invitation = useJoin((s) => s.invitation)
  const outcome = useJoin((s) => s.outcome)
  const busy = useJoin((s) => s.busy)
  const error = useJoin((s) => s.error)
  const weapp = process.env.TARO_ENV === 'weapp'

  useLoad(() => void joinStore.getState().open(token))

  const onPhone = async (e: { detail: { code?: string; errMsg?: string } }) => {
    const code = e.detail.code
    if (!code) {
      void Taro.showToast({ title: '需要确认手机号才能加入；也可向管理员索取绑定码', icon: 'none', duration: 3000 })
      return
    }
    const result = await joinStore.getState().join(token, code)
    if (result?.status === 'signed-in') void Taro.reLaunch({ url: '/pages/home/index' })
  }

  return (
    <View className='page join'>
      <View className='login-hero join-hero'>
        <Text className='join-title'>加入政务新媒体检查</Text>
        <Text className='join-sub'>{invitation ? `「${invitation.departmentName}」邀请您作为本单位的联络员` : '单位邀请'}</Text>
      </View>
      {error && !invitation ? <EmptyState tone='error' title='无法使用这个邀请' hint={error} actionText='去登录页' onAction={() => void Taro.reLaunch({ url: '/pages/login/index' })} /> : null}
      {invitation && !outcome ? (
        <View className='card join-card'>
          <Text className='card-title'>确认您的手机号</Text>
          <Text className='muted'>与台账或单位登记的联系电话一致即可直接加入，查看本单位的问题清单并反馈整改；否则由管理员确认。</Text>
          <Text className='muted'>邀请 {formatRoundTime(invitation.expiresAt, { withYear: true })} 前有效。</Text>
          {weapp ? (
            <TaroButton className='join-phone' openType='getPhoneNumber' disabled={busy} onGetPhoneNumber={(e) => void onPhone(e as unknown as { detail: { code?: string } })}>
              {busy ? '正在加入…' : '用微信手机号加入'}
            </TaroButton>
          ) : (
            <View className='join-h5'>
              <Text className='join-h5-text'>请在手机微信中打开这个邀请（确认手机号需要微信）。在电脑上可向管理员索取绑定码登录。</Text>
              <Button className='join-login' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/login/index' })}>
                用绑定码登录
              </Button>
            </View>
          )}
          {error ? <Text className='error-text'>{error}</Text> : null}
        </View>
      ) : null}
      {outcome?.status === 'pending' ? (
        <View className='card join-card join-pending'>
          <Text className='card-title'>已提交，等待管理员确认</Text>
          <Text className='muted'>
            您的手机号不在「{outcome.departmentName}」的台账或人员名单中。管理员确认后，点登录页的「微信登录」即可进入。
          </Text>
        </View>
      ) : null}
      {outcome?.status === 'signed-in' ? (
        <View className='card join-card'>
          <Text className='card-title'>已加入：{outcome.user.name}</Text>
          <Text className='muted'>{outcome.user.departmentName ?? ''}</Text>
        </View>
      ) : null}
      <Text className='muted join-foot'>{outcome?.status === 'pending' ? '' : '您的手机号只用于核对身份，显示时隐去中间四位（如 ' + maskedMobile('13912345678') + '）。'}</Text>
    </View>
  )
}
