import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { peopleStore, usePeople } from '../../../stores'

/** Picks a unit by searching its name (the tree has hundreds of units); none means city-wide. */
export function DepartmentPicker({ value, onChange }: { value: { id: string; name: string } | null; onChange(v: { id: string; name: string } | null): void }) {
  const results = usePeople((s) => s.departments)
  const [q, setQ] = useState('')
  return (
    <View className='dept-picker'>
      <Text className='muted'>所属单位：{value ? value.name : '全市（不限单位）'}</Text>
      <Input
        className='field-input people-input'
        value={q}
        placeholder='搜索单位名称，如 锡山'
        onInput={(e) => {
          setQ(e.detail.value)
          void peopleStore.getState().searchDepartments(e.detail.value)
        }}
      />
      {q ? (
        <View className='chips'>
          <Text className='chip' onClick={() => onChange(null)}>
            全市
          </Text>
          {results.slice(0, 8).map((d) => (
            <Text key={d.id} className={`chip ${value?.id === d.id ? 'chip-active' : ''}`} onClick={() => onChange({ id: d.id, name: d.name })}>
              {d.name}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}
