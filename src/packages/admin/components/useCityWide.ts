import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { api, useSession } from '../../../stores'

/**
 * Whether the signed-in admin is city-wide (asked each time the page shows): city-wide settings —
 * the checklist, the 错敏词库, the leaders' table — are theirs to change; a district admin reads them.
 */
export function useCityWideAdmin(): { admin: boolean; cityWide: boolean } {
  const admin = useSession((s) => s.user?.role === 'admin')
  const [cityWide, setCityWide] = useState(false)
  useDidShow(() => {
    if (admin)
      api.me().then(
        (me) => setCityWide(me.cityWide),
        () => setCityWide(false)
      )
  })
  return { admin, cityWide: admin && cityWide }
}
