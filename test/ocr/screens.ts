/**
 * Phone screenshots rendered by Chromium at 390×844 ×3 (1170×2532, an iPhone's), with what they
 * truly show: a WeChat official account's article list, a Weibo feed, and articles with planted
 * wording errors. Each is also kept as the app uploads it (JPEG q80, long side 1600 px) and as a
 * harsher copy (JPEG q70, 1280 px). The OCR tests and bench/ocr.ts read them.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { chromium } from 'playwright-core'

/** When every screenshot was taken: Wednesday 2024-07-10, 10:30 in Beijing. */
export const TAKEN_AT = new Date('2024-07-10T02:30:00Z')

export interface Screen {
  name: string
  kind: 'list' | 'feed' | 'article'
  /** The latest post date the screenshot shows (resolved), or null for an article. */
  latest: string | null
  /** Planted wrong forms of official terms. */
  planted: string[]
  html: string
}

const STATUS = `<div class="status"><span>10:30</span><span class="bat">▮▮▮ 5G</span></div>`
const STYLE = `<style>
* { box-sizing: border-box; margin: 0; padding: 0; }
body { width: 390px; font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; background: #ededed; color: #111; }
.status { display: flex; justify-content: space-between; padding: 12px 24px 6px; font-size: 15px; font-weight: 600; background: #fff; }
.nav { background: #fff; padding: 8px 16px 12px; font-size: 17px; font-weight: 600; text-align: center; border-bottom: 1px solid #e5e5e5; }
.profile { background: #fff; padding: 16px; display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
.avatar { width: 48px; height: 48px; border-radius: 24px; background: #2b6cb0; }
.pname { font-size: 18px; font-weight: 600; }
.pdesc { font-size: 13px; color: #888; margin-top: 4px; }
.card { background: #fff; margin: 0 0 8px; padding: 14px 16px; }
.title { font-size: 16px; line-height: 1.5; font-weight: 500; }
.summary { font-size: 13px; color: #666; margin-top: 6px; line-height: 1.5; }
.meta { font-size: 12px; color: #9a9a9a; margin-top: 8px; }
.heading { text-align: center; font-size: 12px; color: #9a9a9a; padding: 10px 0 6px; }
.weibo { background: #fff; margin-bottom: 8px; padding: 12px 14px; }
.wname { font-size: 15px; font-weight: 600; color: #eb7350; }
.wmeta { font-size: 12px; color: #939393; margin-top: 3px; }
.wtext { font-size: 15px; line-height: 1.6; margin-top: 8px; }
.wfoot { display: flex; justify-content: space-around; font-size: 12px; color: #939393; margin-top: 10px; border-top: 1px solid #f0f0f0; padding-top: 8px; }
.article { background: #fff; padding: 20px 16px 40px; min-height: 780px; }
.atitle { font-size: 22px; font-weight: 600; line-height: 1.4; }
.ameta { font-size: 14px; color: #888; margin: 12px 0 20px; }
.ameta b { color: #576b95; font-weight: 400; }
.article p { font-size: 17px; line-height: 1.75; margin-bottom: 16px; color: #333; }
</style>`

export const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8">${STYLE}</head><body>${STATUS}${body}</body></html>`

export function wechatList(name: string, desc: string, cards: { title: string; summary?: string; meta: string }[]): string {
  const items = cards
    .map((c) => `<div class="card"><div class="title">${c.title}</div>${c.summary ? `<div class="summary">${c.summary}</div>` : ''}<div class="meta">${c.meta}</div></div>`)
    .join('')
  return page(`<div class="nav">${name}</div><div class="profile"><div class="avatar"></div><div><div class="pname">${name}</div><div class="pdesc">${desc}</div></div></div>${items}`)
}

function weiboFeed(name: string, posts: { meta: string; text: string }[]): string {
  const items = posts
    .map((p) => `<div class="weibo"><div class="wname">${name}</div><div class="wmeta">${p.meta}</div><div class="wtext">${p.text}</div><div class="wfoot"><span>转发 12</span><span>评论 8</span><span>赞 56</span></div></div>`)
    .join('')
  return page(`<div class="nav">${name}的微博</div>${items}`)
}

export function article(title: string, account: string, date: string, paragraphs: string[]): string {
  return page(`<div class="article"><div class="atitle">${title}</div><div class="ameta"><b>${account}</b> ${date} 江苏</div>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>`)
}

export const SCREENS: Screen[] = [
  {
    name: 'wechat-list-dated',
    kind: 'list',
    latest: '2024-06-18',
    planted: [],
    html: wechatList('健康无锡', '无锡市卫生健康委员会官方公众号', [
      { title: '关于开展2024年夏季爱国卫生运动的通知', summary: '各单位须于6月30日前完成自查并报送总结。', meta: '6月18日  阅读 3256  赞 41' },
      { title: '无锡市二级以上医院预约挂号服务指南', summary: '预约渠道、时段和注意事项一览。', meta: '6月12日  阅读 1.2万  赞 210' },
      { title: '7月1日起，这些新规将影响你的生活', summary: '医保、养老等方面新规定解读。', meta: '6月5日  阅读 8.6万  赞 1024' },
      { title: '高温天气健康防护提示', summary: '避免午后长时间户外活动，注意补水。', meta: '5月28日  阅读 2105  赞 33' },
      { title: '全市免费两癌筛查开始预约', meta: '5月20日  阅读 4.1万  赞 356' }
    ])
  },
  {
    name: 'wechat-list-relative',
    kind: 'list',
    latest: '2024-07-09',
    planted: [],
    html: wechatList('无锡城管', '无锡市城市管理局', [
      { title: '夜间施工噪声投诉处理情况通报', summary: '本周共受理投诉 126 件，办结率 98%。', meta: '昨天  阅读 1.1万  赞 88' },
      { title: '市区共享单车停放整治专项行动启动', meta: '星期一  阅读 988  赞 12' },
      { title: '7月15日起部分道路临时交通管制', summary: '涉及解放西路、人民中路等路段。', meta: '7月2日  阅读 2.0万  赞 301' },
      { title: '城市管理领域轻微违法行为免罚清单发布', meta: '6月26日  阅读 5630  赞 77' }
    ])
  },
  {
    name: 'wechat-list-stale',
    kind: 'list',
    latest: '2024-03-05',
    planted: [],
    html: wechatList('锡山发布', '锡山区人民政府新闻办公室', [
      { title: '锡山区2024年春季植树活动圆满结束', meta: '2024年3月5日  阅读 312  赞 5' },
      { title: '关于2024年元旦春节期间值班安排的公告', meta: '2023年12月28日  阅读 1024  赞 9' },
      { title: '锡山区召开2023年度经济工作会议', meta: '2023年12月20日  阅读 876  赞 11' }
    ])
  },
  {
    name: 'weibo-feed-dated',
    kind: 'feed',
    latest: '2024-06-18',
    planted: [],
    html: weiboFeed('无锡发布', [
      { meta: '6-18 09:12 来自 iPhone客户端', text: '【关注】无锡地铁4号线二期工程计划于年内开通试运营，沿线共设站点6座。' },
      { meta: '6-15 17:40 来自 微博网页版', text: '#无锡周末去哪儿# 太湖边的荷花开了，快来打卡吧！' },
      { meta: '6-11 08:03 来自 微博视频号', text: '今天早上，市区部分路段出现短时强降雨，请市民注意出行安全。' }
    ])
  },
  {
    name: 'weibo-feed-today',
    kind: 'feed',
    latest: '2024-07-10',
    planted: [],
    html: weiboFeed('无锡公安', [
      { meta: '今天 09:12 来自 微博网页版', text: '【提醒】暑期来临，谨防针对学生的网络诈骗，牢记“三不一多”。' },
      { meta: '昨天 18:30 来自 HUAWEI Mate 60', text: '夜巡民警帮助走失老人平安回家。' },
      { meta: '7-5 10:00 来自 微博网页版', text: '无锡公安召开全市夏季治安打击整治行动部署会。' }
    ])
  },
  {
    name: 'weibo-feed-hours',
    kind: 'feed',
    latest: '2024-07-10',
    planted: [],
    html: weiboFeed('梁溪发布', [
      { meta: '3小时前 来自 微博视频号', text: '梁溪区“家门口就业服务站”今年已帮助 2300 余人实现就业。' },
      { meta: '星期日 20:15 来自 微博网页版', text: '清名桥历史文化街区夜间文旅活动持续到 8 月底。' },
      { meta: '7-3 09:30 来自 微博网页版', text: '梁溪区召开优化营商环境工作推进会。' }
    ])
  },
  {
    name: 'article-errors-1',
    kind: 'article',
    latest: null,
    planted: ['中华人名共和国', '不忘出心', '营商环竟'],
    html: article('市城管局召开专题学习会', '无锡城管', '2024年06月18日 09:12', [
      '6月17日，市城管局召开专题学习会，深入学习《中华人名共和国行政处罚法》有关规定。',
      '会议要求，全局上下要不忘出心、牢记使命，以更高标准推进城市精细化管理。',
      '会议强调，要持续优化营商环竟，推行包容审慎监管，让市民和企业有更多获得感。'
    ])
  },
  {
    name: 'article-errors-2',
    kind: 'article',
    latest: null,
    planted: ['脱贫功坚', '社会主意', '人民政付'],
    html: article('锡山区召开乡村振兴工作推进会', '锡山发布', '2024年07月08日 16:45', [
      '会议指出，要巩固拓展脱贫功坚成果，同乡村振兴有效衔接，守住不发生规模性返贫底线。',
      '要坚持以习近平新时代中国特色社会主意思想为指导，扎实推进各项重点任务。',
      '区人民政付各部门要加强协同，确保各项政策落实落地。'
    ])
  },
  {
    name: 'article-clean',
    kind: 'article',
    latest: null,
    planted: [],
    html: article('健康无锡建设推进会召开', '健康无锡', '2024年07月05日 10:20', [
      '会议传达学习了《中华人民共和国基本医疗卫生与健康促进法》，部署下半年重点工作。',
      '会议要求，要不忘初心、牢记使命，持续优化营商环境，巩固拓展脱贫攻坚成果。',
      '市人民政府有关部门负责同志参加会议，共同推进中国特色社会主义现代化建设。'
    ])
  }
]

export interface RenderedScreen extends Screen {
  /** The variant: the phone's PNG, the app's upload, a harsher copy. */
  variant: 'png' | 'upload' | 'small'
  file: string
}

/** Renders every screen with Debian's Chromium into `dir` (three files each) and returns them. */
export async function renderScreens(dir: string, executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'): Promise<RenderedScreen[]> {
  mkdirSync(dir, { recursive: true })
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  const out: RenderedScreen[] = []
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })
    const tab = await context.newPage()
    for (const s of SCREENS) {
      await tab.setContent(s.html)
      await tab.evaluate(() => document.fonts.ready)
      const png = await tab.screenshot({ type: 'png' })
      const pngFile = join(dir, `${s.name}.png`)
      writeFileSync(pngFile, png)
      const upload = join(dir, `${s.name}.upload.jpg`)
      await sharp(png).resize({ height: 1600, withoutEnlargement: true }).jpeg({ quality: 80 }).toFile(upload)
      const small = join(dir, `${s.name}.small.jpg`)
      await sharp(png).resize({ height: 1280, withoutEnlargement: true }).jpeg({ quality: 70 }).toFile(small)
      out.push({ ...s, variant: 'png', file: pngFile }, { ...s, variant: 'upload', file: upload }, { ...s, variant: 'small', file: small })
    }
  } finally {
    await browser.close()
  }
  return out
}
