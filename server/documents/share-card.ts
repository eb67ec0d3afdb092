import sharp from 'sharp'
import type { RoundStats } from '../../src/core'

/**
 * The picture a leader's summary is sent into a WeChat chat with (onShareAppMessage's imageUrl):
 * 500 × 400 (WeChat shows share pictures at 5:4), the round, the pass-rate ring and the three
 * figures. Drawn as SVG and rasterised by sharp (librsvg): the server needs a CJK font
 * (fonts-noto-cjk on Debian; docs/deploy) for the labels.
 */

const W = 500
const H = 400
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif"
const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The rate as the summary writes it: one decimal, 100% as is. */
const pct = (n: number | null) => (n === null ? '—' : n === 100 ? '100%' : `${n.toFixed(1)}%`)

export function shareCardSvg(stats: Pick<RoundStats, 'round' | 'registered' | 'inspected' | 'failed' | 'passRate'>): string {
  const rate = stats.passRate ?? 0
  const r = 78
  const circumference = 2 * Math.PI * r
  // Green as the summary's ring, red below 90 %.
  const color = stats.passRate !== null && rate < 90 ? '#d03050' : '#1f9d55'
  // The heading shrinks to fit a long round name on one line (CJK characters are about 1 em wide).
  const heading = `${stats.round.name}政务新媒体检查`
  const em = [...heading].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.55 : 1), 0)
  const headingSize = Math.max(12, Math.min(22, Math.floor((W - 56) / em)))
  const figures: [string, number, string][] = [
    ['在册账号', stats.registered, '#1d2433'],
    ['已检查', stats.inspected, '#1d2433'],
    ['不合格', stats.failed, stats.failed > 0 ? '#d03050' : '#1d2433']
  ]
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <rect width="${W}" height="${H}" fill="#f2f4f8"/>
  <rect width="${W}" height="84" fill="#1d4fb8"/>
  <text x="28" y="38" font-family="${FONT}" font-size="${headingSize}" fill="#ffffff" font-weight="bold">${escape(heading)}</text>
  <text x="28" y="66" font-family="${FONT}" font-size="16" fill="#dbe5ff">检查概况 · 点开查看各单位和问题</text>
  <rect x="16" y="100" width="${W - 32}" height="${H - 116}" rx="16" fill="#ffffff"/>
  <circle cx="130" cy="238" r="${r}" fill="none" stroke="#e8ecf3" stroke-width="22"/>
  <circle cx="130" cy="238" r="${r}" fill="none" stroke="${color}" stroke-width="22" stroke-linecap="butt"
    stroke-dasharray="${((rate / 100) * circumference).toFixed(2)} ${circumference.toFixed(2)}" transform="rotate(-90 130 238)"/>
  <text x="130" y="240" text-anchor="middle" font-family="${FONT}" font-size="32" font-weight="bold" fill="#1d2433">${escape(pct(stats.passRate))}</text>
  <text x="130" y="268" text-anchor="middle" font-family="${FONT}" font-size="16" fill="#5f6672">合格率</text>
  ${figures
    .map(
      ([label, n, fill], i) => `<text x="${290}" y="${176 + i * 68}" font-family="${FONT}" font-size="16" fill="#5f6672">${label}</text>
  <text x="${W - 44}" y="${180 + i * 68}" text-anchor="end" font-family="${FONT}" font-size="${n >= 10000 ? 28 : 34}" font-weight="bold" fill="${fill}">${n}</text>`
    )
    .join('\n  ')}
</svg>`
}

export async function shareCardPng(stats: Pick<RoundStats, 'round' | 'registered' | 'inspected' | 'failed' | 'passRate'>): Promise<Buffer> {
  return sharp(Buffer.from(shareCardSvg(stats))).png({ compressionLevel: 9 }).toBuffer()
}
