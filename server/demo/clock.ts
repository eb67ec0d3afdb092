import { ROUND_UTC_OFFSET_HOURS } from '../../src/core'

/** The demo round's rectification runs until 2024-07-19: the demo's day sits inside it. */
export const DEMO_TODAY = '2024-07-10'

/**
 * The demo server's clock: the calendar day `today` (in Beijing time) with the real time of day,
 * so the demo reads 「剩余 9 天」 as the office did that July, and times still move forward
 * while it runs. Production uses the real clock.
 */
export function demoClock(today: string = DEMO_TODAY, real: () => Date = () => new Date()): () => Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) throw new Error(`DEMO_TODAY must be YYYY-MM-DD, got ${today}`)
  const offset = ROUND_UTC_OFFSET_HOURS * 3600 * 1000
  const dayMs = 24 * 3600 * 1000
  const midnight = Date.parse(`${today}T00:00:00Z`) - offset
  return () => {
    const t = real().getTime()
    const timeOfDay = (((t + offset) % dayMs) + dayMs) % dayMs
    return new Date(midnight + timeOfDay)
  }
}
