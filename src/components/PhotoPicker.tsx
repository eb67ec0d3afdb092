import { Image, Text, View } from '@tarojs/components'
import './PhotoPicker.scss'

/** Picked screenshots with a remove target each, and the dashed "add" tile while there is room. */
export function PhotoPicker(props: { photos: { path: string; ref: string }[]; max: number; addText: string; onAdd: () => void; onRemove: (index: number) => void }) {
  return (
    <View className='picker-grid'>
      {props.photos.map((p, i) => (
        <View className='picker-cell' key={p.ref}>
          <Image className='picker-thumb' src={p.path} mode='aspectFill' />
          <View className='picker-remove' onClick={() => props.onRemove(i)}>
            <Text className='photo-remove-dot'>×</Text>
          </View>
        </View>
      ))}
      {props.photos.length < props.max ? (
        <View className='picker-add' onClick={props.onAdd}>
          <Text className='picker-add-plus'>＋</Text>
          <Text className='picker-add-text'>{props.addText}</Text>
        </View>
      ) : null}
    </View>
  )
}
