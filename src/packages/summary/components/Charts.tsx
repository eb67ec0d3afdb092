import { Text, View } from '@tarojs/components'
import './Charts.scss'

/** Charts drawn with plain views (no canvas, no chart library): they read the same in WeChat and in H5. */

/** A ring for a rate (0–100), with the figure in its middle. */
export function Ring({ percent, label, tone = 'good' }: { percent: number | null; label: string; tone?: 'good' | 'bad' }) {
  const p = percent ?? 0
  const color = tone === 'good' ? '#1f9d55' : '#d03050'
  return (
    <View className='ring' style={{ background: `conic-gradient(${color} ${p * 3.6}deg, #e8ecf3 0deg)` }}>
      <View className='ring-hole'>
        <Text className='ring-value'>{percent === null ? '—' : `${percent}%`}</Text>
        <Text className='ring-label'>{label}</Text>
      </View>
    </View>
  )
}

export interface Bar {
  key: string
  label: string
  value: number
  /** Shown at the bar's end instead of the value. */
  text?: string
  tone?: 'good' | 'bad' | 'info'
  onTap?: () => void
}

/** Horizontal bars against the largest value (or `max`); a tappable bar says so with a chevron. */
export function Bars({ items, max }: { items: Bar[]; max?: number }) {
  const top = Math.max(max ?? 0, ...items.map((i) => i.value), 1)
  return (
    <View className='bars'>
      {items.map((b) => (
        <View className={`bar-row ${b.onTap ? 'bar-tappable' : ''}`} key={b.key} data-bar={b.key} onClick={b.onTap}>
          <Text className='bar-label'>{b.label}</Text>
          <View className='bar-track'>
            <View className={`bar-fill bar-${b.tone ?? 'info'}`} style={{ width: `${Math.max(b.value > 0 ? 2 : 0, (b.value / top) * 100)}%` }} />
          </View>
          <Text className='bar-value'>{`${b.text ?? b.value}${b.onTap ? ' ›' : ''}`}</Text>
        </View>
      ))}
    </View>
  )
}

/** Chart box in vw, so that the segments' angles hold on any screen width. */
const W = 60
const H = 24

/** The pass rate over rounds, oldest first: points joined by a line, each with its rate and round. */
export function TrendLine({ points }: { points: { key: string; label: string; value: number | null }[] }) {
  const known = points.filter((p) => p.value !== null) as { key: string; label: string; value: number }[]
  if (known.length === 0) return <Text className='muted'>还没有已检查的批次</Text>
  const low = Math.max(0, Math.floor((Math.min(...known.map((p) => p.value)) - 5) / 5) * 5)
  const x = (i: number) => (known.length === 1 ? W / 2 : (i / (known.length - 1)) * W)
  const y = (v: number) => H - ((v - low) / (100 - low)) * H
  return (
    <View className='trend'>
      <View className='trend-box' style={{ width: `${W}vw`, height: `${H}vw` }}>
        <Text className='trend-axis trend-axis-top'>100%</Text>
        <Text className='trend-axis trend-axis-bottom'>{`${low}%`}</Text>
        {known.slice(1).map((p, i) => {
          const prev = known[i] as { value: number }
          const dx = x(i + 1) - x(i)
          const dy = y(p.value) - y(prev.value)
          return (
            <View
              key={`seg-${p.key}`}
              className='trend-seg'
              style={{ left: `${x(i)}vw`, top: `${y(prev.value)}vw`, width: `${Math.sqrt(dx * dx + dy * dy)}vw`, transform: `rotate(${(Math.atan2(dy, dx) * 180) / Math.PI}deg)` }}
            />
          )
        })}
        {known.map((p, i) => (
          <View key={p.key} className='trend-point' style={{ left: `${x(i)}vw`, top: `${y(p.value)}vw` }}>
            <Text className='trend-value'>{`${p.value}%`}</Text>
          </View>
        ))}
      </View>
      <View className='trend-labels' style={{ width: `${W}vw` }}>
        {known.map((p, i) => (
          <Text key={p.key} className='trend-label' style={{ left: `${x(i)}vw` }}>
            {p.label}
          </Text>
        ))}
      </View>
    </View>
  )
}
