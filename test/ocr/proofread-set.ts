/**
 * The proofreading evaluation set: short passages in the style of government posts, half with one
 * or two planted errors spread over the categories, half clean, for another city than the demo's
 * (江州市, its districts and bureaus). Built from a fixed seed and kept in
 * test/fixtures/proofread/passages.json (scripts/proofread-eval.ts writes it and the OCR of each
 * passage's screenshot); test/ocr/proofread-eval.test.ts measures the proofreader on them.
 *
 * Planted errors come from three places, so that the set measures more than the lexicon's lookup:
 * lexicon entries in a sentence of their own kind, near-misses made here (one character of a
 * canonical phrase replaced by another character read the same, which no lexicon entry lists), and
 * leaders named with a title they do not hold (the office's table below).
 */
import { pinyin } from 'pinyin-pro'
import { confusionLexicon, type LeaderEntry, type LexiconEntry, type ProofCategory } from '../../src/core/proofread'
import { CANONICAL_PHRASES } from '../../src/core/lexicon/canonical'
import { article, wechatList } from './screens'

export interface Planted {
  wrong: string
  right: string
  category: ProofCategory
  /** Where the error comes from: a lexicon entry, a near-miss made here, the leaders' table. */
  origin: 'lexicon' | 'near-miss' | 'leader' | 'rule'
}

export interface Passage {
  id: string
  style: 'article' | 'list'
  title: string
  sentences: string[]
  planted: Planted[]
}

/** The office's leaders' table for the set. */
export const SET_LEADERS: LeaderEntry[] = [
  { name: '周立新', title: '市委书记', since: '2023-02-01' },
  { name: '陈晓东', title: '市委副书记、市长', since: '2023-02-10' },
  { name: '林海燕', title: '市委常委、常务副市长', since: '2024-01-20' },
  { name: '赵明远', title: '副市长', since: '2022-06-01' },
  { name: '孙丽华', title: '市人大常委会主任', since: '2023-01-15' },
  { name: '吴国强', title: '南湖区委书记', since: '2024-03-05' }
]

function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const UNITS = ['江州市人民政府办公室', '江州市发展和改革委员会', '江州市教育局', '江州市民政局', '南湖区人民政府', '北塘区市场监督管理局', '江州市卫生健康委员会', '江州市交通运输局', '江州市应急管理局', '东港镇人民政府', '江州市退役军人事务局', '江州市自然资源和规划局']
const ACCOUNTS = ['江州发布', '南湖发布', '江州教育', '江州民政', '健康江州', '江州交通', '平安北塘', '东港镇', '江州应急', '江州退役军人']
const WORKS = ['城乡环境整治', '营商环境优化', '老旧小区改造', '防汛备汛', '安全生产大检查', '文明城市创建', '义务教育招生', '医保便民服务', '垃圾分类', '农村人居环境整治', '重点项目建设', '民生实事']
const DATES = ['6月18日', '6月25日', '7月2日', '7月8日', '5月30日', '6月12日']

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

/** Sentences that carry no error, in the voice of government posts. */
function filler(r: () => number): string {
  const unit = pick(r, UNITS)
  const work = pick(r, WORKS)
  const n = 10 + Math.floor(r() * 90)
  const all = [
    `${pick(r, DATES)}，${unit}召开${work}工作推进会，总结上半年工作，部署下一阶段任务。`,
    `会议要求，各部门要提高政治站位，压紧压实责任，确保${work}各项任务落到实处。`,
    `截至目前，全市已累计完成${work}项目${n}个，完成年度计划的${40 + Math.floor(r() * 50)}%。`,
    `${unit}主要负责同志带队深入一线，实地察看${work}推进情况，协调解决困难问题。`,
    `下一步，${unit}将坚持以人民为中心的发展思想，持续抓好${work}，让群众有更多获得感。`,
    `活动现场，志愿者向过往群众发放宣传资料${n * 10}余份，解答群众咨询${n}人次。`,
    `据悉，此次${work}专项行动将持续到年底，报名截止日期为${pick(r, DATES)}。`,
    `作为全市重点民生工程，${work}得到了社会各界的广泛关注和支持。`,
    `${unit}将以此为契机，进一步优化服务流程，提升群众办事便利度。`,
    `相关负责人表示，将一如既往做好服务保障工作，营造安全稳定的社会环境。`,
    `近年来，${unit}聚焦群众急难愁盼，扎实推进我为群众办实事实践活动。`,
    `本次培训采取线上线下相结合的方式，共有${n * 3}名基层干部参加。`
  ]
  return pick(r, all)
}

/** A sentence that holds `phrase` where a phrase of its category belongs. */
function carrier(r: () => number, category: ProofCategory, phrase: string): string {
  const unit = pick(r, UNITS)
  const work = pick(r, WORKS)
  switch (category) {
    case '成语':
      return pick(r, [`全市上下${phrase}，合力推进${work}工作。`, `广大党员干部${phrase}，在${work}中发挥了示范带头作用。`, `面对新形势新任务，我们要${phrase}，奋力开创工作新局面。`])
    case '机构名称':
      return pick(r, [`${pick(r, DATES)}，${phrase}召开专题会议，研究部署${work}工作。`, `此次活动由${phrase}牵头组织，各相关部门协同配合。`])
    case '职务':
      return pick(r, [`${phrase}出席会议并讲话，对${work}提出明确要求。`, `会议由${phrase}主持，${unit}负责同志参加。`])
    case '政治术语':
      return pick(r, [`深入学习贯彻${phrase}，推动${work}取得新成效。`, `会议强调，要坚持${phrase}，把各项工作做深做实。`, `${unit}组织党员干部专题学习${phrase}。`])
    case '数字与日期表述':
      return pick(r, [`${unit}印发《${phrase}工作要点》，明确全年目标任务。`, `学习贯彻${phrase}精神，推进${work}落地见效。`])
    case '惯用语':
      return pick(r, [`${phrase}，全市${work}工作取得阶段性成效。`, `${unit}持续推进${phrase}，提升群众满意度。`, `围绕${phrase}，${unit}开展了一系列专项行动。`])
    default:
      return pick(r, [`围绕${phrase}等重点环节，${unit}开展专项检查。`, `${unit}把${phrase}作为${work}的重要内容。`, `工作人员现场讲解了${phrase}的有关要求。`])
  }
}

/** Entries whose wrong form reads as a whole phrase in a carrier sentence of its category. */
function usable(e: LexiconEntry): boolean {
  if (e.category === '数字与日期表述') return /年$|全会$|规划$|年度$/.test(e.right)
  if (e.category === '惯用语') return e.right.length >= 3 || /^截至/.test(e.right)
  return e.wrong.length >= 2
}

/** Characters a near-miss may put in: those of the canonical phrases and the lexicon's right forms. */
function characterPool(lexicon: LexiconEntry[]): Map<string, string[]> {
  const byReading = new Map<string, string[]>()
  const seen = new Set<string>()
  const text = lexicon.map((e) => e.right).join('') + CANONICAL_PHRASES.map((c) => c.phrases).join('')
  for (const ch of text) {
    if (seen.has(ch) || !/[\u4e00-\u9fff]/.test(ch)) continue
    seen.add(ch)
    const [reading] = pinyin(ch, { toneType: 'none', type: 'array' }) as string[]
    if (!reading) continue
    const list = byReading.get(reading) ?? []
    list.push(ch)
    byReading.set(reading, list)
  }
  return byReading
}

/** One character of a canonical phrase replaced by another read the same; null when none fits. */
function nearMiss(r: () => number, phrase: string, pool: Map<string, string[]>, wrongForms: Set<string>): string | null {
  for (let tries = 0; tries < 8; tries++) {
    const k = Math.floor(r() * phrase.length)
    const ch = phrase.charAt(k)
    const [reading] = pinyin(ch, { toneType: 'none', type: 'array' }) as string[]
    const others = (pool.get(reading ?? '') ?? []).filter((c) => c !== ch)
    if (others.length === 0) continue
    const wrong = phrase.slice(0, k) + pick(r, others) + phrase.slice(k + 1)
    if (!wrongForms.has(wrong)) return wrong
  }
  return null
}

const CATEGORY_PLAN: ProofCategory[] = ['同音字', '形近字', '成语', '惯用语', '机构名称', '职务', '政治术语', '数字与日期表述']

/** 150 passages with planted errors, 150 clean; the same every time. */
export function buildPassages(seed = 20261205): Passage[] {
  const r = mulberry32(seed)
  const lexicon = confusionLexicon().filter(usable)
  const byCategory = new Map<ProofCategory, LexiconEntry[]>()
  for (const e of lexicon) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e])
  const pool = characterPool(confusionLexicon())
  const wrongForms = new Set(confusionLexicon().map((e) => e.wrong))
  const idioms = CANONICAL_PHRASES.filter((c) => c.source.includes('成语')).flatMap((c) => c.phrases.split(/\s+/)).filter((p) => p.length === 4)
  const policy = CANONICAL_PHRASES.filter((c) => c.source.includes('二十大')).flatMap((c) => c.phrases.split(/\s+/)).filter((p) => p.length >= 4)
  const organs = CANONICAL_PHRASES.filter((c) => c.source.includes('部门名称')).flatMap((c) => c.phrases.split(/\s+/)).filter((p) => p.length >= 5)
  const used = new Set<string>()

  const plant = (category: ProofCategory, slot: number): { sentence: string; planted: Planted } => {
    // Every third error of a category is a near-miss made here or a leader's title; the rest
    // come from the lexicon.
    if (category === '职务' && slot % 3 === 0) {
      const l = pick(r, SET_LEADERS)
      const wrongTitle = pick(r, ['市长', '副市长', '市委书记', '区长', '常务副市长'].filter((t) => !l.title.split('、').includes(t) && !l.title.split('、').some((h) => h.endsWith(t) && !h.slice(0, h.length - t.length).includes('副'))))
      const phrase = `${wrongTitle}${l.name}`
      return { sentence: carrier(r, '职务', phrase), planted: { wrong: phrase, right: `${l.title}${l.name}`, category: '职务', origin: 'leader' } }
    }
    if (category === '数字与日期表述' && slot % 3 === 0) {
      const bad = pick(r, ['6月31日', '9月31日', '4月31日', '2023年2月29日', '2024年7月10日（星期五）', '2024年6月18日（星期一）'])
      return { sentence: `${pick(r, UNITS)}通知，相关材料须于${bad}前报送。`, planted: { wrong: bad, right: '', category, origin: 'rule' } }
    }
    if ((category === '同音字' || category === '成语' || category === '政治术语' || category === '机构名称') && slot % 3 === 0) {
      const source = category === '成语' || category === '同音字' ? idioms : category === '政治术语' ? policy : organs
      for (let tries = 0; tries < 20; tries++) {
        const phrase = pick(r, source)
        const wrong = nearMiss(r, phrase, pool, wrongForms)
        if (!wrong || used.has(wrong)) continue
        used.add(wrong)
        const carried = category === '同音字' ? '成语' : category
        return { sentence: carrier(r, carried, wrong), planted: { wrong, right: phrase, category, origin: 'near-miss' } }
      }
    }
    const entries = (byCategory.get(category) ?? []).filter((e) => !used.has(e.wrong))
    const e = pick(r, entries)
    used.add(e.wrong)
    return { sentence: carrier(r, category, e.wrong), planted: { wrong: e.wrong, right: e.right, category, origin: 'lexicon' } }
  }

  const passages: Passage[] = []
  let slot = 0
  for (let i = 0; i < 300; i++) {
    const planted: Planted[] = []
    const sentences = [filler(r), filler(r), filler(r)]
    if (i % 2 === 0) {
      const count = r() < 0.35 ? 2 : 1
      for (let k = 0; k < count; k++) {
        const category = CATEGORY_PLAN[slot % CATEGORY_PLAN.length] as ProofCategory
        const p = plant(category, Math.floor(slot / CATEGORY_PLAN.length))
        slot += 1
        sentences.splice(1 + Math.floor(r() * (sentences.length - 1)), 0, p.sentence)
        planted.push(p.planted)
      }
    } else {
      // Clean passages hold the right forms the planted ones get wrong, and the leaders as they are.
      const category = CATEGORY_PLAN[i % CATEGORY_PLAN.length] as ProofCategory
      const entries = byCategory.get(category) ?? []
      const e = pick(r, entries)
      if (category === '职务') {
        const l = pick(r, SET_LEADERS)
        sentences.splice(1, 0, carrier(r, '职务', `${l.title.split('、').pop() ?? ''}${l.name}`))
      } else sentences.splice(1, 0, carrier(r, category, e.right))
      sentences.push(filler(r))
    }
    const style = i % 4 < 2 ? 'article' : 'list'
    passages.push({ id: `p${String(i + 1).padStart(3, '0')}`, style, title: `${pick(r, ACCOUNTS)}：${pick(r, WORKS)}工作简报`, sentences, planted })
  }
  return passages
}

/** The screenshot of a passage: a WeChat article, or an account's article list whose cards carry its sentences. */
export function passageHtml(p: Passage, account = '江州发布'): string {
  if (p.style === 'article') return article(p.title, account, '2024-07-08 18:30', p.sentences)
  return wechatList(
    account,
    '江州市人民政府新闻办公室官方账号',
    p.sentences.map((s, i) => ({ title: i === 0 ? p.title : `${p.title.split('：')[0] ?? ''}：工作动态第${i + 1}期`, summary: s, meta: `7月${8 - i}日 阅读 ${1200 - i * 137}` }))
  )
}
