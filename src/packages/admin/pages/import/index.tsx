import Taro, { useUnload } from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLATFORM_LABELS, REGISTRY_FIELDS, REGISTRY_FIELD_LABELS, rowPosition, VALUE_CHOICES, type MappedValueField, type Platform, type RegistryField } from '../../../../core'
import { api, registryImportStore, useRegistryImport } from '../../../../stores'
import { onPhone } from '../../../../platform'
import { openDocument, pickSpreadsheet } from '../../../../platform/documents'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const FIELD_CHOICES: { field: RegistryField | null; label: string }[] = [...REGISTRY_FIELDS.map((f) => ({ field: f.field, label: f.label })), { field: null, label: '不导入此列' }]
const ERRORS_SHOWN = 50
const VALUE_FIELD_LABELS: Record<MappedValueField, string> = { platform: '平台类型', level: '层级', status: '状态' }

/**
 * Registry import (admin): pick the office's sheet (from a WeChat chat, or a file on the computer),
 * see how each column was understood and change it, read the errors by sheet row, see what would
 * change, then commit — all or nothing. The error rows download as .xlsx to fix and re-import.
 */
export default function ImportPage() {
  const file = useRegistryImport((s) => s.file)
  const preview = useRegistryImport((s) => s.preview)
  const busy = useRegistryImport((s) => s.busy)
  const error = useRegistryImport((s) => s.error)
  const result = useRegistryImport((s) => s.result)
  const closeMissing = useRegistryImport((s) => s.closeMissing)
  useUnload(() => registryImportStore.getState().reset())

  const pick = async () => {
    try {
      const picked = await pickSpreadsheet()
      if (picked) await registryImportStore.getState().choose(picked)
    } catch (e) {
      void Taro.showToast({ title: '无法选择文件', icon: 'none' })
      console.warn(e)
    }
  }
  const commit = async () => {
    const s = registryImportStore.getState()
    const closing = s.closeMissing && s.preview ? s.preview.changes.closed : 0
    const { confirm } = await Taro.showModal({
      title: '确认导入',
      content: closing > 0 ? `将同时把文件中没有的 ${closing} 个账号标为注销，确定吗？` : '导入后台账即更新，操作会记入操作记录。',
      confirmText: '导入'
    })
    if (confirm) await s.commit()
  }
  const downloadErrors = async () => {
    if (!preview) return
    try {
      await openDocument(api.importErrorsUrl(preview.id), 'xlsx')
    } catch {
      void Taro.showToast({ title: '下载失败，请重试', icon: 'none' })
    }
  }

  const hasErrors = (preview?.errors.length ?? 0) > 0
  return (
    <View className='page import'>
      <View className='hero'>
        <Text className='hero-title'>导入账号台账</Text>
        <Text className='import-sub'>支持 .xlsx、.xls、WPS .et 和 .csv（UTF-8 或 GBK），读取每个工作表；先预览，确认后才写入</Text>
      </View>

      <View className='card'>
        {file ? (
          <View className='row import-file'>
            <Text className='import-file-name'>{file.name}</Text>
            <View className='spacer' />
            <Text className='muted'>{Math.max(1, Math.round(file.size / 1024))} KB</Text>
          </View>
        ) : (
          <Text className='muted'>{process.env.TARO_ENV === 'weapp' ? '从微信聊天中选择台账表格（可先把文件发到“文件传输助手”）' : onPhone() ? '选择手机上的台账表格（文件管理或下载目录中的 Excel/CSV）' : '选择电脑上的台账表格'}</Text>
        )}
        {result ? null : (
          <Button className='import-pick' type={file ? 'default' : 'primary'} size='large' block loading={busy && !preview} onClick={() => void pick()}>
            {file ? '重新选择文件' : '选择表格文件'}
          </Button>
        )}
      </View>

      {error ? <EmptyState tone='error' title='无法读取这个表格' hint={error} /> : null}

      {result ? (
        <View className='card import-result'>
          <Text className='card-title'>导入完成</Text>
          <View className='import-counts'>
            <Count n={result.created} label='新增' />
            <Count n={result.updated} label='更新' />
            <Count n={result.unchanged} label='未变' />
            <Count n={result.closed} label='注销' />
          </View>
          <Button className='import-pick import-again' size='large' block onClick={() => void pick()}>
            再导入一个文件
          </Button>
        </View>
      ) : null}

      {preview && !result ? (
        <>
          <View className='card'>
            <Text className='card-title'>预览：共 {preview.total} 个账号行</Text>
            <View className='import-counts'>
              <Count n={preview.changes.created} label='将新增' />
              <Count n={preview.changes.updated} label='将更新' />
              <Count n={preview.changes.unchanged} label='未变' />
              <Count n={preview.errors.length} label='有错误' tone={hasErrors ? 'error' : undefined} />
            </View>
            {preview.sheets.map((s) => (
              <View className='row import-sheet' key={s.name || 'csv'}>
                <Text className='import-sheet-name'>{s.name || '表格'}</Text>
                <View className='spacer' />
                <Text className={s.read ? 'muted' : 'import-sheet-off'}>{s.read ? `表头第 ${s.headerRow} 行 · ${s.rows} 行` : s.note}</Text>
              </View>
            ))}
          </View>

          {preview.unknownValues.length > 0 ? (
            <View className='card import-values'>
              <Text className='card-title'>不认识的取值（{preview.unknownValues.length} 个）</Text>
              <Text className='muted import-hint'>为每个取值点选一次含义，所有同样写法的行都按它导入</Text>
              {preview.unknownValues.map((u) => (
                <View className='import-value' key={`${u.field}-${u.value}`} data-value={u.value}>
                  <Text className='import-header'>{`${VALUE_FIELD_LABELS[u.field]}「${u.value}」· ${u.rows} 行，应为：`}</Text>
                  <View className='chips import-value-chips'>
                    {VALUE_CHOICES[u.field].map((c) => (
                      <Text key={c.value} className='chip' onClick={() => void registryImportStore.getState().mapValue(u.field, u.value, c.value)}>
                        {c.label}
                      </Text>
                    ))}
                  </View>
                </View>
              ))}
            </View>
          ) : null}

          <View className='card import-breakdown'>
            <Text className='card-title'>导入后登记在册的运行账号：{preview.breakdown.running} 个</Text>
            <Text className='muted import-hint'>概况和通报将按此统计（另有停更 {preview.breakdown.suspended} 个、注销 {preview.breakdown.closed} 个不计入）</Text>
            <View className='row import-split'>
              <Text>按开办主体：市级部门 {preview.breakdown.byHostLevel.city} 个，县（市、区）及以下 {preview.breakdown.byHostLevel.local} 个</Text>
            </View>
            <View className='row import-split'>
              <Text>按类型：{preview.breakdown.byPlatform.map((p) => `${p.label} ${p.count}`).join('，') || '无'}</Text>
            </View>
          </View>

          {preview.units.length > 0 ? (
            <View className='card'>
              <Text className='card-title'>单位（新建或调整层级 {preview.units.length} 个）</Text>
              {preview.units.slice(0, 30).map((u) => (
                <View className='import-error' key={`${u.action}-${u.name}-${u.parent ?? ''}`}>
                  <Text className='import-unit-name'>{u.name}</Text>
                  <Text className='muted'>{`${u.action === 'create' ? '新建' : '调整为'}：${u.levelLabel}${u.hostLevel === 'city' ? '（计入市级）' : '（计入县区及以下）'}${u.parent ? ` · 属 ${u.parent}` : ''}`}</Text>
                </View>
              ))}
              {preview.units.length > 30 ? <Text className='muted'>等 {preview.units.length} 个</Text> : null}
            </View>
          ) : null}

          {preview.nearDuplicates.length > 0 ? (
            <View className='card import-dups'>
              <Text className='card-title'>可能是同一单位（{preview.nearDuplicates.length} 组）</Text>
              <Text className='muted import-hint'>合并后，两种写法的账号都归入后一个单位；不合并则分别建立</Text>
              {preview.nearDuplicates.map((d) => (
                <View className='row import-dup' key={`${d.name}|${d.like}`}>
                  <Text className='import-dup-names'>{`${d.name} / ${d.like}`}</Text>
                  <View className='spacer' />
                  <Text className={`tag ${d.merged ? 'tag-info' : 'tag-pending'}`} onClick={() => void registryImportStore.getState().merge(d.name, d.merged ? null : d.like)}>
                    {d.merged ? '已合并 · 撤销' : '合并'}
                  </Text>
                </View>
              ))}
            </View>
          ) : null}

          {preview.skippedCount > 0 ? (
            <View className='card'>
              <Text className='card-title'>已跳过 {preview.skippedCount} 行（合计、说明、重复表头等，不是账号）</Text>
              {preview.skipped.slice(0, 8).map((k) => (
                <View className='import-error' key={`${k.sheet}-${k.row}`}>
                  <Text className='import-error-where'>{`${rowPosition(k.sheet, k.row)} · ${k.reason}`}</Text>
                  <Text className='muted'>{k.text}</Text>
                </View>
              ))}
            </View>
          ) : null}

          <View className='card'>
            <Text className='card-title'>列对应</Text>
            <Text className='muted import-hint'>点右侧可改为其他字段或不导入</Text>
            {preview.columns.map((c) => (
              <Picker
                key={c.header}
                mode='selector'
                range={FIELD_CHOICES.map((f) => f.label)}
                value={Math.max(0, FIELD_CHOICES.findIndex((f) => f.field === c.field))}
                onChange={(e) => void registryImportStore.getState().remap(c.header, FIELD_CHOICES[Number(e.detail.value)]?.field ?? null)}
              >
                <View className='import-column-wrap' data-header={c.header}>
                  <View className='row import-column'>
                    <Text className='import-header'>{c.header || '（空表头）'}</Text>
                    <View className='spacer' />
                    <Text className={`tag ${c.field ? 'tag-info' : 'tag-pending'}`}>{c.field ? REGISTRY_FIELD_LABELS[c.field] : '不导入'}</Text>
                  </View>
                  {c.reason ? <Text className='muted import-reason'>{`推测：${c.reason}`}</Text> : null}
                </View>
              </Picker>
            ))}
          </View>

          {hasErrors ? (
            <View className='card import-errors'>
              <View className='row'>
                <Text className='card-title'>需要修正（{preview.errors.length} 处）</Text>
              </View>
              {preview.errors.slice(0, ERRORS_SHOWN).map((e, i) => (
                <View className='import-error' key={`${e.sheet}-${e.row}-${e.code}-${i}`}>
                  <Text className='import-error-where'>{e.column ? `${rowPosition(e.sheet, e.row)} · ${e.column}` : rowPosition(e.sheet, e.row)}</Text>
                  <Text className='import-error-text'>{e.message}</Text>
                </View>
              ))}
              {preview.errors.length > ERRORS_SHOWN ? <Text className='muted'>另有 {preview.errors.length - ERRORS_SHOWN} 处，见错误行表格</Text> : null}
              <Button className='import-download' size='large' block onClick={() => void downloadErrors()}>
                下载错误行（附错误原因）
              </Button>
              <Text className='muted import-hint'>修正后重新选择文件导入；有错误时不能提交</Text>
            </View>
          ) : null}

          {preview.changes.closed > 0 ? (
            <View className='card'>
              <Text className='card-title'>文件中没有的账号（{preview.changes.closed} 个）</Text>
              {preview.missing.slice(0, 10).map((m) => (
                <View className='row import-missing' key={m.id}>
                  <Text className='import-missing-name'>{m.name}</Text>
                  <View className='spacer' />
                  <Text className='muted'>
                    {PLATFORM_LABELS[m.platform as Platform] ?? m.platform} · {m.unit}
                  </Text>
                </View>
              ))}
              {preview.missing.length > 10 ? <Text className='muted'>等 {preview.changes.closed} 个</Text> : null}
              <View className='row import-close' onClick={() => registryImportStore.getState().setCloseMissing(!closeMissing)}>
                <Text className={`import-check ${closeMissing ? 'import-check-on' : ''}`}>{closeMissing ? '✓' : ''}</Text>
                <Text>同时将这些账号标为注销</Text>
              </View>
            </View>
          ) : null}

          <View className='import-submit'>
            <Button type='primary' size='large' block disabled={hasErrors || busy} loading={busy} onClick={() => void commit()}>
              {hasErrors ? '请先修正错误' : `确认导入 ${preview.total} 个账号`}
            </Button>
          </View>
        </>
      ) : null}
    </View>
  )
}

function Count(props: { n: number; label: string; tone?: 'error' | undefined }) {
  return (
    <View className={`import-count ${props.tone === 'error' ? 'import-count-error' : ''}`}>
      <Text className='import-count-n'>{props.n}</Text>
      <Text className='import-count-label'>{props.label}</Text>
    </View>
  )
}
