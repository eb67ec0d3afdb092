import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { parseJoinQr, ROLE_LABELS, webLoginQr, type Role } from '../../core'
import { sessionStore, useSession, useWebSignIn, webSignInStore } from '../../stores'
import { QrCode } from '../../components/QrCode'
import { scanInto } from '../../platform'
import { EmptyState } from '../../components/EmptyState'
import './index.scss'

const ROLE_HINTS: Record<Role, string> = {
  inspector: '选择账号、勾选指标、上传截图',
  liaison: '查看本单位问题清单',
  leader: '查看合格率与问题概况',
  admin: '管理账号、批次和通报'
}

export default function LoginPage() {
  const router = useRouter()
  const users = useSession((s) => s.demoUsers)
  const loading = useSession((s) => s.loading)
  const error = useSession((s) => s.error)
  const ticket = useSession((s) => s.ticket)
  const notice = useSession((s) => s.notice)
  const [code, setCode] = useState('')
  const weapp = process.env.TARO_ENV === 'weapp'

  const web = useWebSignIn((s) => s)
  useLoad(() => {
    // The QR code for the browser is drawn after the first screen (drawing it is not free on a slow phone).
    const demo = sessionStore.getState().loadDemoUsers()
    if (!weapp) void demo.finally(() => setTimeout(() => void webSignInStore.getState().start(), 50))
  })
  // The browser waits for a phone to approve its QR code (checked every two seconds).
  useEffect(() => {
    if (weapp || web.status !== 'waiting') return
    const timer = setInterval(() => {
      void webSignInStore
        .getState()
        .poll()
        .then((ok) => ok && enter())
    }, 2000)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [weapp, web.status, web.ticket?.id])

  // Back to what was opened (a shared issue list), or home.
  const enter = () => {
    const redirect = router.params.redirect ? decodeURIComponent(router.params.redirect) : ''
    void Taro.reLaunch({ url: redirect.startsWith('/') ? redirect : '/pages/home/index' })
  }
  const pick = async (username: string) => {
    if (await sessionStore.getState().loginDemo(username)) enter()
  }
  const wechat = async () => {
    if (await sessionStore.getState().loginWeChat()) enter()
  }
  const bind = async () => {
    if (await sessionStore.getState().bind(code)) enter()
  }
  // A unit's invitation QR code (from the admin): opens the join page.
  const scanInvitation = () =>
    scanInto(
      (text) => {
        const token = parseJoinQr(text)
        return token ? `/pages/join/index?t=${token}` : null
      },
      '这不是单位邀请的二维码',
      false
    )

  return (
    <View className='page login'>
      <View className='login-hero'>
        <Text className='login-title'>政务新媒体检查</Text>
        <Text className='login-sub'>{users.length > 0 ? '演示环境 · 选择一个身份进入' : '政务新媒体季度检查与整改'}</Text>
      </View>
      {notice ? <Text className='login-notice'>{notice}</Text> : null}
      {weapp ? (
        <View className='card login-wechat'>
          {ticket ? (
            <View className='login-bind'>
              <Text className='card-title'>首次登录：输入绑定码</Text>
              <Text className='muted'>绑定码由管理员发放（8 位字母和数字），只能使用一次。</Text>
              <Input className='login-code' value={code} maxlength={11} placeholder='例如 ACDE FGHJ' onInput={(e) => setCode(e.detail.value)} />
              {error ? <Text className='error-text'>{error}</Text> : null}
              <Button className='login-bind-btn' type='primary' size='large' block loading={loading} onClick={() => void bind()}>
                绑定并登录
              </Button>
            </View>
          ) : (
            <View>
              <Button className='login-wechat-btn' type='primary' size='large' block loading={loading} onClick={() => void wechat()}>
                微信登录
              </Button>
              {error && users.length === 0 ? <Text className='error-text'>{error}</Text> : null}
              <Button className='login-scan-invite' fill='outline' size='large' block onClick={() => void scanInvitation()}>
                扫描单位邀请二维码
              </Button>
            </View>
          )}
        </View>
      ) : null}
      {!weapp && error && users.length === 0 && code === '' ? (
        <EmptyState tone='error' title='无法连接服务器' hint={error} actionText='重试' onAction={() => void sessionStore.getState().loadDemoUsers()} />
      ) : null}
      {error && users.length > 0 ? <Text className='error-text login-error'>{error}</Text> : null}
      <View className='login-list'>
        {users.map((u) => (
          <View className='login-user' key={u.username} onClick={() => void pick(u.username)} data-username={u.username}>
            <View className={`login-avatar role-${u.role}`}>{u.name.slice(-1)}</View>
            <View className='login-user-main'>
              <View className='row'>
                <Text className='login-name'>{u.name}</Text>
                <Text className='tag tag-info'>{ROLE_LABELS[u.role]}</Text>
              </View>
              <Text className='muted'>{u.departmentName ?? '全市'} · {ROLE_HINTS[u.role]}</Text>
            </View>
            <Text className='login-arrow'>›</Text>
          </View>
        ))}
      </View>
      {loading && users.length === 0 ? <Text className='muted login-loading'>正在加载…</Text> : null}
      {!weapp ? (
        <View className='card login-code-card'>
          <Text className='card-title'>首次登录：输入绑定码</Text>
          <Text className='muted'>绑定码由管理员在「人员管理」中发放（8 位字母和数字，7 天内有效，只能使用一次）。</Text>
          <Input
            className='login-code'
            value={code}
            maxlength={11}
            placeholder='例如 ACDE FGHJ'
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void bind()}
          />
          {error && users.length === 0 && code !== '' ? <Text className='error-text'>{error}</Text> : null}
          <Button className='login-bind-btn' type='primary' size='large' block loading={loading} onClick={() => void bind()}>
            登录
          </Button>
        </View>
      ) : null}
      {!weapp ? (
        <View className='card login-desktop'>
          <Text className='card-title'>已在小程序登录过：扫码登录</Text>
          <Text className='muted'>在手机微信中打开「政务新媒体检查」，点首页的「扫码登录电脑版」，扫描下方二维码并确认。无需密码。</Text>
          {web.ticket && web.status === 'waiting' ? (
            <View className='login-qr' data-ticket={web.ticket.id}>
              <QrCode text={webLoginQr(web.ticket.id)} />
              <Text className='muted'>二维码 2 分钟内有效</Text>
            </View>
          ) : null}
          {web.status === 'expired' || web.status === 'error' ? (
            <View className='login-qr-expired'>
              <Text className='muted'>{web.status === 'expired' ? '二维码已过期' : (web.error ?? '二维码获取失败')}</Text>
              <Button className='login-qr-refresh' type='primary' fill='outline' block onClick={() => void webSignInStore.getState().start()}>
                刷新二维码
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {users.length > 0 ? <Text className='muted login-foot'>这是演示环境，数据为示例。</Text> : null}
    </View>
  )
}
