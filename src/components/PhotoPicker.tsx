import { Image, Text, View } from '@tarojs/components'
import './PhotoPicker.scss'

/** Picked screenshots with a remove target each, and the dashed "add" tile while there is room. */
export function PhotoPicker(props: { photos: { path: string; ref: string }[]; max: number; addText: string; onAdd: () => void; onRemove: (index: number) => void }) {
  return (
    <View className='photo-grid'>
      {props.photos.map((p, i) => (
        <View className='photo-cell' key={p.ref}>
          <Image className='photo-thumb' src={p.path} mode='aspectFill' />
          <View className='photo-cell-remove' onClick={() => props.onRemove(i)}>
            <Text className='photo-remove-dot'>×</Text>
          </View>
        </View>
      ))}
      {props.photos.length < props.max ? (
        <View className='photo-add' onClick={props.onAdd}>
          <Text className='photo-add-plus'>＋</Text>
          <Text className='photo-add-text'>{props.addText}</Text>
        </View>
      ) : null}
    </View>
  )
}
