import type { PropsWithChildren } from 'react'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import './app.scss'

dayjs.locale('zh-cn')

function App({ children }: PropsWithChildren) {
  return children
}

export default App
