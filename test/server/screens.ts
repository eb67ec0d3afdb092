import sharp from 'sharp'

/**
 * Phone screenshots of the pages inspectors capture, drawn from SVG at 750 × 1624 (a phone at 2×):
 * a WeChat official account's article list, a Weibo feed, a service menu. The same layout with
 * another seed has other titles, dates, counts and pictures, as two real screenshots of one page
 * taken a month apart do: the hard case for a near-duplicate check.
 */
export type ScreenLayout = 'articles' | 'feed' | 'menu'

const TITLES = [
  '关于开展2024年度政务公开工作考核的通知',
  '我市召开优化营商环境推进会',
  '夏季防汛安全提示，请市民注意出行',
  '医保异地备案线上办理指南',
  '市区新增三条公交线路',
  '2024年中考招生政策解读',
  '社保卡线上申领流程',
  '“清洁家园”志愿服务活动举行',
  '食品安全抽检结果公示',
  '关于征求城市更新规划意见的公告',
  '城管执法进社区，听民意解民忧',
  '暑期游泳安全“六不准”',
  '重点项目建设现场观摩会召开',
  '高温天气劳动保护提醒',
  '养老服务补贴申请指南',
  '市民热线6月办理情况通报',
  '图说政策：个人所得税专项附加扣除',
  '文明城市创建，你我共参与',
  '便民服务点开放时间调整',
  '公积金提取新规7月起施行'
]

function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) % 10000) / 10000
  }
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;')

export async function phoneScreenshot(layout: ScreenLayout, seed: number): Promise<Buffer> {
  const r = rng(seed + (layout === 'feed' ? 1000 : layout === 'menu' ? 2000 : 0))
  const pick = () => TITLES[Math.floor(r() * TITLES.length)] as string
  const day = () => `${1 + Math.floor(r() * 12)}月${1 + Math.floor(r() * 28)}日`
  const hue = () => `hsl(${Math.floor(r() * 360)},${40 + Math.floor(r() * 40)}%,${35 + Math.floor(r() * 40)}%)`
  const W = 750
  const H = 1624
  const parts: string[] = [
    `<rect width="${W}" height="${H}" fill="#ededed"/>`,
    `<rect width="${W}" height="88" fill="#ededed"/><text x="40" y="60" font-size="30" font-family="Noto Sans CJK SC" fill="#111">${9 + Math.floor(r() * 12)}:${String(Math.floor(r() * 60)).padStart(2, '0')}</text>`,
    `<rect y="88" width="${W}" height="96" fill="#ededed"/><text x="375" y="150" font-size="34" text-anchor="middle" font-family="Noto Sans CJK SC" fill="#111">${layout === 'feed' ? '无锡发布的微博' : '无锡发布'}</text>`
  ]
  if (layout === 'articles') {
    let y = 200
    for (let i = 0; i < 6; i++) {
      parts.push(`<text x="375" y="${y + 30}" font-size="24" text-anchor="middle" fill="#999" font-family="Noto Sans CJK SC">${day()} ${10 + i}:00</text>`)
      parts.push(`<rect x="30" y="${y + 50}" width="690" height="${i % 2 ? 170 : 360}" rx="12" fill="#fff"/>`)
      if (i % 2 === 0) parts.push(`<rect x="30" y="${y + 50}" width="690" height="200" rx="12" fill="${hue()}"/>`)
      const ty = y + 50 + (i % 2 ? 60 : 250)
      parts.push(`<text x="56" y="${ty}" font-size="32" fill="#111" font-family="Noto Sans CJK SC">${esc(pick())}</text>`)
      parts.push(`<text x="56" y="${ty + 50}" font-size="26" fill="#888" font-family="Noto Sans CJK SC">阅读 ${Math.floor(r() * 9000) + 100}</text>`)
      y += (i % 2 ? 170 : 360) + 80
      if (y > H - 200) break
    }
  } else if (layout === 'feed') {
    let y = 200
    for (let i = 0; i < 4; i++) {
      parts.push(`<rect x="0" y="${y}" width="${W}" height="340" fill="#fff"/>`)
      parts.push(`<circle cx="70" cy="${y + 60}" r="36" fill="#e6162d"/>`)
      parts.push(`<text x="126" y="${y + 55}" font-size="30" fill="#eb7350" font-family="Noto Sans CJK SC">无锡发布</text>`)
      parts.push(`<text x="126" y="${y + 92}" font-size="22" fill="#999" font-family="Noto Sans CJK SC">${day()} 来自 微博网页版</text>`)
      parts.push(`<text x="40" y="${y + 150}" font-size="30" fill="#333" font-family="Noto Sans CJK SC">${esc(pick())}</text>`)
      parts.push(`<text x="40" y="${y + 195}" font-size="30" fill="#333" font-family="Noto Sans CJK SC">${esc(pick())}</text>`)
      parts.push(`<rect x="40" y="${y + 215}" width="200" height="100" fill="${hue()}"/><rect x="250" y="${y + 215}" width="200" height="100" fill="${hue()}"/>`)
      y += 360
    }
  } else {
    parts.push(`<rect x="0" y="200" width="${W}" height="360" fill="${hue()}"/>`)
    const items = ['社保查询', '医保缴费', '公积金', '办事指南', '预约挂号', '违章查询', '不动产', '户籍办理', '出入境', '民生热线', '政策解读', '留言咨询']
    for (let i = 0; i < 12; i++) {
      const x = 40 + (i % 4) * 175
      const y = 620 + Math.floor(i / 4) * 200
      const name = items[(i + Math.floor(r() * 12)) % 12] as string
      parts.push(`<rect x="${x}" y="${y}" width="150" height="150" rx="20" fill="#fff"/><circle cx="${x + 75}" cy="${y + 60}" r="30" fill="${hue()}"/>`)
      parts.push(`<text x="${x + 75}" y="${y + 130}" font-size="24" text-anchor="middle" fill="#333" font-family="Noto Sans CJK SC">${name}</text>`)
    }
    parts.push(`<rect x="0" y="${H - 110}" width="${W}" height="110" fill="#f7f7f7"/>`)
    for (let i = 0; i < 3; i++) parts.push(`<text x="${125 + i * 250}" y="${H - 45}" font-size="28" text-anchor="middle" fill="#333" font-family="Noto Sans CJK SC">${esc((pick().slice(0, 4)))}</text>`)
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** The same screenshot re-encoded as JPEG (as a chat app forwards it). */
export const reencoded = (png: Buffer, quality = 60): Promise<Buffer> => sharp(png).jpeg({ quality }).toBuffer()

/** The same screenshot at another size (a phone with another resolution, or a thumbnail saved again). */
export const resized = (png: Buffer, scale = 0.5): Promise<Buffer> =>
  sharp(png)
    .metadata()
    .then((m) => sharp(png).resize(Math.round((m.width ?? 750) * scale)).png().toBuffer())
