import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { PhotoHit } from '../stores/readings'
import './WordingHits.scss'

/** The crop's width on the page, in design pixels (750 wide). */
const CROP_WIDTH = 622

/** The part of the screenshot around the line, with some room above and below. */
export function cropOf(hit: Pick<PhotoHit, 'box' | 'width' | 'height'>): { x: number; y: number; w: number; h: number } {
  const [bx, by, bw, bh] = hit.box
  const padY = Math.round(bh * 0.6)
  const padX = Math.round(bh * 0.6)
  const x = Math.max(0, bx - padX)
  const y = Math.max(0, by - padY)
  const w = Math.min(hit.width || bx + bw + padX, bx + bw + padX) - x
  const h = Math.min(hit.height || by + bh + padY, by + bh + padY) - y
  return { x, y, w: Math.max(1, w), h: Math.max(1, h) }
}

function Crop({ hit, src }: { hit: PhotoHit; src: string }) {
  const c = cropOf(hit)
  const scale = CROP_WIDTH / c.w
  const px = (n: number) => Taro.pxTransform(Math.round(n))
  return (
    <View className='wording-crop' style={{ height: px(c.h * scale) }}>
      <Image
        className='wording-crop-img'
        src={src}
        mode='scaleToFill'
        style={{ width: px((hit.width || c.w) * scale), height: px((hit.height || c.h) * scale), left: px(-c.x * scale), top: px(-c.y * scale) }}
      />
    </View>
  )
}

/**
 * Suspected wording errors (疑似错敏词) read from the checklist's screenshots: the crop, the wrong
 * and the right form with its source; the inspector confirms (the wording item fails with the
 * quote) or dismisses it. OCR makes its own typos: nothing here is a finding until confirmed.
 */
export function WordingHits(props: { hits: PhotoHit[]; pathOf: (sha256: string) => string | null; onConfirm: (hit: PhotoHit) => void; onDismiss: (hit: PhotoHit) => void }) {
  if (props.hits.length === 0) return null
  return (
    <View className='card wording'>
      <View className='row'>
        <Text className='card-title wording-title'>疑似错敏词</Text>
        <Text className='tag tag-warn'>{props.hits.length} 处</Text>
      </View>
      <Text className='wording-note'>由截图文字识别得出，识别也可能出错：请对照截图确认。</Text>
      {props.hits.map((hit) => {
        const src = props.pathOf(hit.sha256)
        return (
          <View className='wording-hit' key={hit.key}>
            {src ? <Crop hit={hit} src={src} /> : null}
            <View className='wording-terms'>
              <Text className='wording-wrong'>{hit.wrong}</Text>
              <Text className='wording-arrow'>应为</Text>
              <Text className='wording-right'>{hit.right}</Text>
              {hit.category ? <Text className='tag wording-category'>{hit.category}</Text> : null}
            </View>
            <Text className='wording-quote'>「{hit.quote}」</Text>
            {hit.reason ? <Text className='wording-reason'>{hit.reason}</Text> : null}
            <Text className='wording-source'>依据：{hit.source}</Text>
            <View className='wording-actions'>
              <View className='wording-dismiss' onClick={() => props.onDismiss(hit)}>
                不是错误
              </View>
              <View className='wording-confirm' onClick={() => props.onConfirm(hit)}>
                确认为问题
              </View>
            </View>
          </View>
        )
      })}
    </View>
  )
}
