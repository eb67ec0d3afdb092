import { useState } from 'react'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { findingPhrases, INDICATOR_KIND_LABELS, MAX_PHRASE_LENGTH, MAX_PHRASES, type Indicator, type IndicatorKind } from '../../../../core'
import { catalogsStore, useCatalogs } from '../../../../stores'
import { useCityWideAdmin } from '../../components/useCityWide'
import { EmptyState } from '../../../../components/EmptyState'
import './index.scss'

const KINDS: IndicatorKind[] = ['veto', 'deduction', 'bonus']
const KIND_TAGS: Record<IndicatorKind, string> = { veto: 'tag-fail', deduction: 'tag-warn', bonus: 'tag-pass' }

function facts(i: Indicator): string {
  return [i.kind === 'veto' ? '' : `${i.kind === 'bonus' ? '加' : '扣'} ${i.points} 分`, i.evidenceRequired ? '不合格需截图' : '', i.rule ? `超过 ${i.rule.days} 天未更新即不合格` : '']
    .filter(Boolean)
    .join(' · ')
}

/**
 * One catalog version. Published: read it, or (admin) copy it into the next version. A draft
 * (admin): change each indicator's wording, kind, points, screenshot rule and update-lag days,
 * save, publish. A round stays bound to the version it was created with.
 */
export default function CatalogPage() {
  const router = useRouter()
  const current = useCatalogs((s) => s.current)
  const draft = useCatalogs((s) => s.edit)
  const dirty = useCatalogs((s) => s.dirty)
  const busy = useCatalogs((s) => s.busy)
  const error = useCatalogs((s) => s.error)
  const [open, setOpen] = useState<string | null>(null)
  // The phrases as typed (a new line being started is kept until something is typed on it).
  const [phraseText, setPhraseText] = useState<Record<string, string>>({})
  // The checklist is the city's: a district admin reads it (the server refuses their changes too).
  const { admin, cityWide: isAdmin } = useCityWideAdmin()
  // A draft is edited by those who may change the checklist; everyone else reads it.
  const edit = isAdmin ? draft : null

  useLoad(() => {
    void catalogsStore.getState().open(decodeURIComponent(router.params.id ?? ''))
  })

  if (!current) {
    return <View className='page'>{error ? <EmptyState tone='error' title='指标版本加载失败' hint={error} /> : <EmptyState title='加载中…' />}</View>
  }
  const indicators = edit?.indicators ?? current.indicators
  const categories = [...new Set(indicators.map((i) => i.category))]

  const copy = async () => {
    const id = await catalogsStore.getState().clone(current.id)
    if (id) {
      void Taro.showToast({ title: `已复制为第 ${id.split('@')[1] ?? ''} 版草稿`, icon: 'none' })
      void Taro.redirectTo({ url: `/packages/admin/pages/catalog/index?id=${encodeURIComponent(id)}` })
    }
  }
  const save = async () => {
    if (await catalogsStore.getState().save()) void Taro.showToast({ title: '已保存', icon: 'success' })
  }
  const publish = async () => {
    const { confirm } = await Taro.showModal({ title: '发布指标版本', content: '发布后不能再修改，新建批次即可选用。确定发布吗？' })
    if (confirm && (await catalogsStore.getState().publish())) void Taro.showToast({ title: '已发布', icon: 'success' })
  }
  // An emptied field is 0 until retyped: the server names what is out of range.
  const number = (text: string) => (/^\d{1,3}$/.test(text) ? Number(text) : 0)
  const shown = (n: number) => (n === 0 ? '' : String(n))

  return (
    <View className='page catalog-page'>
      <View className='hero'>
        <View className='row'>
          <Text className='hero-title'>{current.name}</Text>
          <View className='spacer' />
          <Text className={`tag ${current.published ? 'tag-pass' : 'tag-pending'}`}>{current.published ? '已发布' : '草稿'}</Text>
        </View>
        <Text className='catalog-sub'>
          第 {current.version} 版 · {indicators.length} 项指标
          {current.scoring ? ` · 满分 ${current.scoring.base}，${current.scoring.passMark} 分及格` : ' · 单项否决制'}
        </Text>
      </View>

      {edit ? (
        <View className='card'>
          <Text className='muted catalog-label'>版本名称</Text>
          <Input className='field-input catalog-input catalog-name' value={edit.name} maxlength={60} onInput={(e) => catalogsStore.getState().rename(e.detail.value)} />
          <Text className='muted catalog-hint'>点开一项指标即可修改；修改后请保存，确认无误再发布。</Text>
        </View>
      ) : null}
      {admin && !isAdmin ? (
        <View className='card catalog-readonly'>
          <Text className='muted'>检查指标由市级管理员维护，区县管理员可以查看。</Text>
        </View>
      ) : null}

      {categories.map((category) => (
        <View className='card catalog-category' key={category}>
          <Text className='card-title'>{category}</Text>
          {indicators
            .filter((i) => i.category === category)
            .map((i) => (
              <View className='catalog-indicator' key={i.code} data-code={i.code}>
                <View className='row catalog-indicator-head' onClick={() => setOpen(open === i.code ? null : i.code)}>
                  <Text className='catalog-code muted'>{i.code}</Text>
                  <Text className={`tag ${KIND_TAGS[i.kind]}`}>{INDICATOR_KIND_LABELS[i.kind]}</Text>
                  <View className='spacer' />
                  {edit ? <Text className='catalog-edit-link'>{open === i.code ? '收起' : '修改'}</Text> : null}
                </View>
                <Text className='catalog-title'>{i.title}</Text>
                {facts(i) ? <Text className='muted catalog-facts'>{facts(i)}</Text> : null}
                {edit && open === i.code ? (
                  <View className='catalog-editor'>
                    <Text className='muted catalog-label'>名称</Text>
                    <Input className='field-input catalog-input catalog-title-input' value={i.title} maxlength={100} onInput={(e) => catalogsStore.getState().patch(i.code, { title: e.detail.value })} />
                    <Text className='muted catalog-label'>说明</Text>
                    <Textarea className='field-textarea catalog-textarea' value={i.description} maxlength={500} autoHeight onInput={(e) => catalogsStore.getState().patch(i.code, { description: e.detail.value })} />
                    <Text className='muted catalog-label'>类型</Text>
                    <View className='chips'>
                      {KINDS.map((k) => (
                        <Text key={k} className={`chip catalog-kind ${i.kind === k ? 'chip-active' : ''}`} onClick={() => catalogsStore.getState().patch(i.code, { kind: k })}>
                          {INDICATOR_KIND_LABELS[k]}
                        </Text>
                      ))}
                    </View>
                    {i.kind !== 'veto' ? (
                      <View className='row catalog-number'>
                        <Text className='muted'>{i.kind === 'bonus' ? '加分' : '扣分'}（1–100）</Text>
                        <View className='spacer' />
                        <Input className='field-input catalog-input catalog-points' type='number' value={shown(i.points)} maxlength={3} onInput={(e) => catalogsStore.getState().patch(i.code, { points: number(e.detail.value) })} />
                      </View>
                    ) : null}
                    {i.rule ? (
                      <View className='row catalog-number'>
                        <Text className='muted'>更新时限（天）</Text>
                        <View className='spacer' />
                        <Input className='field-input catalog-input catalog-days' type='number' value={shown(i.rule.days)} maxlength={3} onInput={(e) => catalogsStore.getState().patch(i.code, { lagDays: number(e.detail.value) })} />
                      </View>
                    ) : null}
                    {i.kind !== 'bonus' ? (
                      <>
                        <Text className='muted catalog-label'>常用问题描述（每行一条，最多 {MAX_PHRASES} 条，每条不超过 {MAX_PHRASE_LENGTH} 字；检查员判定不合格时一点即可填入）</Text>
                        <Textarea
                          className='field-textarea catalog-textarea catalog-phrases'
                          value={phraseText[i.code] ?? findingPhrases(i).join('\n')}
                          maxlength={MAX_PHRASES * (MAX_PHRASE_LENGTH + 1)}
                          autoHeight
                          onInput={(e) => {
                            setPhraseText({ ...phraseText, [i.code]: e.detail.value })
                            catalogsStore.getState().patch(i.code, { phrasesText: e.detail.value })
                          }}
                        />
                      </>
                    ) : null}
                    <View className='chips catalog-evidence'>
                      <Text className={`chip ${i.evidenceRequired ? 'chip-active' : ''}`} onClick={() => catalogsStore.getState().patch(i.code, { evidenceRequired: !i.evidenceRequired })}>
                        {i.evidenceRequired ? '✓ 不合格时必须附截图' : '不合格时必须附截图'}
                      </Text>
                    </View>
                  </View>
                ) : null}
              </View>
            ))}
        </View>
      ))}

      {error ? <Text className='error-text catalog-error'>{error}</Text> : null}
      {isAdmin ? (
        <View className='catalog-actions'>
          {current.published ? (
            <Button className='catalog-button catalog-copy' type='primary' size='large' block loading={busy} onClick={() => void copy()}>
              复制为新版本
            </Button>
          ) : (
            <>
              <Button className='catalog-button catalog-save' size='large' block disabled={!dirty || busy} onClick={() => void save()}>
                {dirty ? '保存草稿' : '已保存'}
              </Button>
              <Button className='catalog-button catalog-publish' type='primary' size='large' block loading={busy} onClick={() => void publish()}>
                发布
              </Button>
            </>
          )}
        </View>
      ) : null}
    </View>
  )
}
