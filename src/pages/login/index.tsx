import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ROLE_LABELS, type Role } from '../../core'
import { sessionStore, useSession } from '../../stores'
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

  useLoad(() => {
    void sessionStore.getState().loadDemoUsers()
  })

  const pick = async (username: string) => {
    if (!(await sessionStore.getState().loginDemo(username))) return
    // Back to what was opened (a shared issue list), or home.
    const redirect = router.params.redirect ? decodeURIComponent(router.params.redirect) : ''
    void Taro.reLaunch({ url: redirect.startsWith('/') ? redirect : '/pages/home/index' })
  }

  return (
    <View className='page login'>
      <View className='login-hero'>
        <Text className='login-title'>政务新媒体检查</Text>
        <Text className='login-sub'>演示环境 · 选择一个身份进入</Text>
      </View>
      {error && users.length === 0 ? (
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
      <Text className='muted login-foot'>这是演示环境，数据为示例。正式环境的微信登录尚未开通。</Text>
    </View>
  )
}
