import Taro, { useUnload } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { maskedMobile, ROLE_LABELS, type PeoplePlanRow } from '../../../../core'
import { onboardingStore, useOnboarding } from '../../../../stores'
import { pickSpreadsheet } from '../../../../platform/documents'
import { onPhone } from '../../../../platform'
import './index.scss'

const SHOWN = 60
const ACTION_TAGS: Record<PeoplePlanRow['action'], [string, string]> = { create: ['tag-pass', '新建'], exists: ['tag-info', '已有'], error: ['tag-fail', '有误'] }

/**
 * A whole office's people in one sitting (admin): liaisons for every unit from the registry's
 * contact columns (运维人员, 联系电话), or people from a sheet (姓名, 手机号, 单位, 角色). A dry run
 * first, then one commit; then each unit's invitation binds them as they open it.
 */
export default function PeopleImportPage() {
  const preview = useOnboarding((s) => s.preview)
  const result = useOnboarding((s) => s.result)
  const busy = useOnboarding((s) => s.busy)
  const error = useOnboarding((s) => s.error)
  useUnload(() => onboardingStore.getState().reset())

  const fromSheet = async () => {
    try {
      const picked = await pickSpreadsheet()
      if (picked) await onboardingStore.getState().plan(picked)
    } catch {
      void Taro.showToast({ title: '无法选择文件', icon: 'none' })
    }
  }
  const commit = async () => {
    if (!preview) return
    const { confirm } = await Taro.showModal({ title: '确认新建人员', content: `将新建 ${preview.counts.create} 名人员，操作会记入操作记录。`, confirmText: '新建' })
    if (confirm) await onboardingStore.getState().commit()
  }
  const rows = preview ? [...preview.rows].sort((a, b) => ['error', 'create', 'exists'].indexOf(a.action) - ['error', 'create', 'exists'].indexOf(b.action)) : []

  return (
    <View className='page people-import'>
      <View className='hero'>
        <Text className='hero-title'>批量导入人员</Text>
        <Text className='people-import-sub'>按台账为每个单位生成联络员，或导入人员表格；先预览，确认后才新建</Text>
      </View>

      {!preview ? (
        <View className='card people-import-sources'>
          <Button className='people-import-registry' type='primary' size='large' block loading={busy} onClick={() => void onboardingStore.getState().plan(null)}>
            从账号台账生成联络员
          </Button>
          <Text className='muted people-import-hint'>按台账的「运维人员」「联系电话」，每个单位每人一名联络员</Text>
          <Button className='people-import-sheet' size='large' block disabled={busy} onClick={() => void fromSheet()}>
            {process.env.TARO_ENV === 'weapp' ? '从微信聊天选择人员表格' : onPhone() ? '选择手机上的人员表格' : '选择电脑上的人员表格'}
          </Button>
          <Text className='muted people-import-hint'>表头含「姓名」「单位」，可选「手机号」「角色」（联络员、检查员、领导、管理员；不填为联络员）</Text>
        </View>
      ) : null}

      {error ? <Text className='error-text people-import-error'>{error}</Text> : null}

      {preview && !result ? (
        <View className='card people-import-preview'>
          <Text className='card-title'>预览：{preview.source === 'registry' ? '按账号台账' : (preview.filename ?? '人员表格')}</Text>
          <View className='row people-import-counts'>
            <Text className='people-import-count people-import-create'>新建 {preview.counts.create}</Text>
            <Text className='people-import-count'>已有 {preview.counts.exists}</Text>
            <Text className={`people-import-count ${preview.counts.error ? 'people-import-bad' : ''}`}>有误 {preview.counts.error}</Text>
          </View>
          {rows.slice(0, SHOWN).map((r, i) => (
            <View className='people-import-row' key={`${r.where}-${r.name}-${i}`} data-action={r.action}>
              <View className='row'>
                <Text className='people-import-name'>{r.name || '（未填姓名）'}</Text>
                <Text className='tag tag-info'>{ROLE_LABELS[r.role]}</Text>
                <View className='spacer' />
                <Text className={`tag ${ACTION_TAGS[r.action][0]}`}>{ACTION_TAGS[r.action][1]}</Text>
              </View>
              <Text className='muted'>
                {r.unitName}
                {r.phone ? ` · ${maskedMobile(r.phone)}` : ''}
                {preview.source === 'sheet' ? ` · ${r.where}` : ''}
              </Text>
              {r.reason ? <Text className={r.action === 'error' ? 'error-text' : 'muted'}>{r.reason}</Text> : null}
            </View>
          ))}
          {rows.length > SHOWN ? <Text className='muted people-import-more'>另有 {rows.length - SHOWN} 行未列出</Text> : null}
          <Button className='people-import-commit' type='primary' size='large' block disabled={preview.counts.create === 0 || busy} loading={busy} onClick={() => void commit()}>
            {preview.counts.create === 0 ? '没有需要新建的人员' : `确认新建 ${preview.counts.create} 人`}
          </Button>
          <Button className='people-import-again' fill='none' size='large' block onClick={() => onboardingStore.getState().reset()}>
            重新选择
          </Button>
        </View>
      ) : null}

      {result ? (
        <View className='card people-import-done'>
          <Text className='card-title'>已新建 {result.created} 人</Text>
          <Text className='muted'>
            {(['liaison', 'inspector', 'leader', 'admin'] as const)
              .filter((r) => result.byRole[r] > 0)
              .map((r) => `${ROLE_LABELS[r]} ${result.byRole[r]}`)
              .join('，') || '没有新建人员'}
          </Text>
          <Text className='muted people-import-next'>下一步：在「单位邀请」中为各单位生成邀请，发到单位的微信群。联络员在小程序中确认手机号后即自动绑定；没有手机号的人员，在「人员管理」中发放绑定码。</Text>
          <Button className='people-import-invite' type='primary' size='large' block onClick={() => void Taro.redirectTo({ url: '/packages/admin/pages/invitations/index' })}>
            去生成单位邀请
          </Button>
        </View>
      ) : null}
    </View>
  )
}
