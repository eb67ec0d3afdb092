import type { PropsWithChildren } from 'react'
import { useDidShow, useLaunch } from '@tarojs/taro'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import { resumeSync, startSync } from './stores'
import { SESSION_KEY } from './stores/session'
import { openLoginFirst, startH5Shell } from './platform/h5-shell'
import './app.scss'

dayjs.locale('zh-cn')
openLoginFirst(SESSION_KEY)

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    startH5Shell()
    startSync()
  })
  // Whatever is waiting in the outbox goes as soon as the app is in front and someone is logged in.
  useDidShow(() => {
    resumeSync()
  })
  return children
}

export default App
