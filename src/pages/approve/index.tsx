import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRoundTime } from '../../core'
import { useSession, useWebSignIn, webSignInStore } from '../../stores'
import { EmptyState } from '../../components/EmptyState'
import './index.scss'

/** Where a scanned desktop QR code lands: who and where is asking, then 确认登录 for this person. */
export default function ApprovePage() {
  const router = useRouter()
  const id = router.params.ticket ?? ''
  const user = useSession((s) => s.user)
  const request = useWebSignIn((s) => s.request)
  const error = useWebSignIn((s) => s.error)
  const approving = useWebSignIn((s) => s.approving)
  useLoad(() => {
    if (!user) {
      void Taro.reLaunch({ url: `/pages/login/index?redirect=${encodeURIComponent(`/pages/approve/index?ticket=${id}`)}` })
      return
    }
    void webSignInStore.getState().load(id)
  })
  const approve = async () => {
    if (await webSignInStore.getState().approve()) {
      void Taro.showToast({ title: '电脑已登录', icon: 'success' })
      setTimeout(() => void Taro.reLaunch({ url: '/pages/home/index' }), 800)
    }
  }

  if (!request) {
    return <View className='page'>{error ? <EmptyState tone='error' title='无法确认登录' hint={error} actionText='返回首页' onAction={() => void Taro.reLaunch({ url: '/pages/home/index' })} /> : null}</View>
  }
  return (
    <View className='page approve'>
      <View className='card'>
        <Text className='card-title'>确认在电脑上登录？</Text>
        <Text className='approve-line'>将以「{user?.name}」的身份登录。</Text>
        <Text className='approve-line muted'>请求来自：{request.agent || '未知浏览器'}</Text>
        <Text className='approve-line muted'>网络地址：{request.ip}</Text>
        <Text className='approve-line muted'>发起时间：{formatRoundTime(request.createdAt)}</Text>
        {request.expired ? <Text className='error-text approve-line'>这个二维码已过期或已使用，请在电脑上刷新后重新扫码。</Text> : null}
        {error ? <Text className='error-text approve-line'>{error}</Text> : null}
      </View>
      <View className='approve-actions'>
        <Button className='approve-confirm' type='primary' size='large' block disabled={request.expired} loading={approving} onClick={() => void approve()}>
          确认登录
        </Button>
        <Button className='approve-cancel' fill='outline' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/home/index' })}>
          取消
        </Button>
      </View>
    </View>
  )
}
