import { datesInLine, proposePostDate, searchablePhrase, searchableText, type OcrLine } from '../../src/core'
import { createProofreader, proofreadLines } from '../../src/core/proofread'

const at = (iso: string) => new Date(iso)
/** Wednesday 2024-07-10, 10:30 in Beijing. */
const TAKEN = at('2024-07-10T02:30:00Z')
const lines = (...texts: string[]): OcrLine[] => texts.map((text, i) => ({ text, box: [0, i * 50, 300, 40], confidence: 0.99 }))

describe('the dates a line shows, resolved against when the screenshot was taken', () => {
  it.each([
    ['2024年6月18日 阅读 3256', '2024-06-18', false],
    ['2023年12月28日阅读1024赞9', '2023-12-28', false],
    ['2024-06-18 09:12 来自 iPhone', '2024-06-18', false],
    ['2024/6/5', '2024-06-05', false],
    ['6月18日  阅读 3256', '2024-06-18', false],
    ['6-18 09:12 来自 iPhone客户端', '2024-06-18', false],
    ['6-1809:12来自iPhone客户端', '2024-06-18', false],
    ['06-18', '2024-06-18', false],
    ['今天 09:12 来自 微博网页版', '2024-07-10', true],
    ['昨天 18:30 来自 HUAWEI', '2024-07-09', true],
    ['前天', '2024-07-08', true],
    ['星期一 阅读 988', '2024-07-08', true],
    ['周日 20:15', '2024-07-07', true],
    ['星期天', '2024-07-07', true],
    // The same weekday as the day taken means a week ago: that day would read 今天.
    ['星期三', '2024-07-03', true],
    ['刚刚 来自 微博', '2024-07-10', true],
    ['3小时前 来自 微博视频号', '2024-07-10', true],
    ['45分钟前', '2024-07-10', true],
    ['09:12 来自 微博网页版', '2024-07-10', true]
  ])('%s → %s', (text, date, relative) => {
    const found = datesInLine(text, TAKEN)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ date, relative })
  })

  it('a month and day later than the day taken is last year’s; a date after the day taken is dropped', () => {
    expect(datesInLine('12月28日', TAKEN)[0]?.date).toBe('2023-12-28')
    expect(datesInLine('7月10日', TAKEN)[0]?.date).toBe('2024-07-10')
    expect(datesInLine('7月11日', TAKEN)[0]?.date).toBe('2023-07-11')
    expect(datesInLine('2024年7月11日', TAKEN)).toEqual([])
    expect(datesInLine('2月30日', TAKEN)).toEqual([])
  })

  it('hours back across midnight fall on the day before; Beijing’s date, not UTC’s', () => {
    const justAfterMidnight = at('2024-07-09T16:30:00Z') // 00:30 on the 10th in Beijing
    expect(datesInLine('2小时前', justAfterMidnight)[0]?.date).toBe('2024-07-09')
    expect(datesInLine('今天', justAfterMidnight)[0]?.date).toBe('2024-07-10')
    expect(datesInLine('30分钟前', justAfterMidnight)[0]?.date).toBe('2024-07-10')
  })

  it('a phone number, a count or a time beside a date is not a date of its own', () => {
    expect(datesInLine('咨询电话 0510-12345678', TAKEN)).toEqual([])
    expect(datesInLine('阅读 1.2万 赞 210', TAKEN)).toEqual([])
    expect(datesInLine('6月18日 09:12', TAKEN).map((f) => f.date)).toEqual(['2024-06-18'])
  })
})

describe('the latest post date of an article list or feed', () => {
  it('comes from the 阅读 lines, not from a date inside a title or summary', () => {
    const p = proposePostDate(lines('10:30', '健康无锡', '关于开展2024年夏季爱国卫生运动的通知', '各单位须于6月30日前完成自查', '6月18日阅读3256赞41', '7月1日起，这些新规将影响你的生活', '6月5日阅读8.6万赞1024'), TAKEN)
    expect(p).toEqual({ date: '2024-06-18', raw: '6月18日', relative: false, line: 4 })
  })

  it('resolves relative dates and keeps the latest', () => {
    expect(proposePostDate(lines('星期一阅读988赞12', '昨天阅读1.1万赞88', '7月2日阅读2.0万赞301'), TAKEN)).toEqual({ date: '2024-07-09', raw: '昨天', relative: true, line: 1 })
  })

  it('reads Weibo’s 来自 lines and WeChat’s date headings', () => {
    expect(proposePostDate(lines('无锡发布', '6-1809:12来自iPhone客户端', '6-15 17:40 来自 微博网页版'), TAKEN)?.date).toBe('2024-06-18')
    expect(proposePostDate(lines('6月18日', '关于开展防汛演练的通知', '6月12日', '医保新规解读'), TAKEN)?.date).toBe('2024-06-18')
    expect(proposePostDate(lines('昨天 18:30', '夜巡民警帮助走失老人平安回家'), TAKEN)?.date).toBe('2024-07-09')
  })

  it('proposes nothing for an article, the status bar’s time or an account name with 发布', () => {
    expect(proposePostDate(lines('10:30', '5G', '市城管局召开专题学习会', '无锡城管2024年06月18日09:12江苏', '6月17日，市城管局召开专题学习会'), TAKEN)).toBeNull()
    expect(proposePostDate(lines('锡山发布2024年07月08日16:45江苏'), TAKEN)).toBeNull()
    expect(proposePostDate(lines('09:41'), TAKEN)).toBeNull()
    expect(proposePostDate([], TAKEN)).toBeNull()
  })

  it('an article’s 发布于 line and a 浏览 line count', () => {
    expect(proposePostDate(lines('发布于 2024-06-30'), TAKEN)?.date).toBe('2024-06-30')
    expect(proposePostDate(lines('2024-06-29 浏览 120'), TAKEN)?.date).toBe('2024-06-29')
  })
})

describe('suspected wording errors in a screenshot\'s lines', () => {
  const office = [
    { wrong: '东港真', right: '东港镇', source: '区划' },
    { wrong: '锡山区政付', right: '锡山区政府', source: '区政府' },
    { wrong: '共和', right: '共和国', source: 'x' }
  ]
  const reader = createProofreader({ office })

  it('finds an error in a line, with the line as the quote, its box, the reason and the confidence', () => {
    const hits = proofreadLines(lines('会议传达了', '《中华人名共和国行政处罚法》有关规定。'), reader)
    expect(hits).toEqual([
      {
        wrong: '中华人名共和国',
        right: '中华人民共和国',
        source: '《中华人民共和国宪法》',
        quote: '《中华人名共和国行政处罚法》有关规定。',
        line: 1,
        box: [0, 50, 300, 40],
        category: '政治术语',
        reason: '政治术语：「中华人名共和国」应为「中华人民共和国」',
        confidence: 0.99
      }
    ])
  })

  it('finds an error a line break cuts in two, on the line where it starts, with both boxes', () => {
    const hits = proofreadLines(lines('要持续优化营商', '环竟，推行包容审慎监管'), reader)
    expect(hits.map((h) => [h.wrong, h.quote, h.line, h.box])).toEqual([['营商环竟', '要持续优化营商环竟，推行包容审慎监管', 0, [0, 0, 300, 90]]])
  })

  it('ignores spaces OCR puts inside words; reports the right form nowhere', () => {
    expect(proofreadLines(lines('区 人民 政付 各部门'), reader).map((h) => h.wrong)).toEqual(['人民政付'])
    expect(proofreadLines(lines('《中华人民共和国宪法》', '优化营商环境', '市人民政府'), reader)).toEqual([])
  })

  it('puts the office\'s own entries first; one that is part of its right form is flagged only outside it', () => {
    expect(proofreadLines(lines('东港真开展活动'), reader).map((h) => [h.wrong, h.category])).toEqual([['东港真', '本单位错敏词库']])
    expect(proofreadLines(lines('中华人民共和国'), reader)).toEqual([])
    expect(proofreadLines(lines('共和国与共和'), reader).map((h) => h.line)).toEqual([0])
  })

  it('a hit inside one line is not reported again across the break', () => {
    expect(proofreadLines(lines('人民政付', '人民政付'), reader).map((h) => h.line)).toEqual([0, 1])
  })

  it('shows a hit only when the reader was sure of its characters', () => {
    const sure = { text: '截止目前已完成', box: [0, 0, 300, 40] as [number, number, number, number], confidence: 0.97, chars: [0.99, 0.99, 0.98, 0.99, 0.99, 0.99, 0.99] }
    expect(proofreadLines([sure], reader).map((h) => h.wrong)).toEqual(['截止目前'])
    const unsure = { ...sure, chars: [0.99, 0.41, 0.98, 0.99, 0.99, 0.99, 0.99] }
    expect(proofreadLines([unsure], reader)).toEqual([])
    // Only the wrong characters count (止 of 截止目前): an unsure character elsewhere on the line, or
    // in the hit but right (目), does not hide it.
    const elsewhere = { ...sure, chars: [0.99, 0.97, 0.5, 0.99, 0.99, 0.2, 0.99] }
    expect(proofreadLines([elsewhere], reader).map((h) => h.confidence)).toEqual([0.97])
    // Without per-character confidences the line's stands for them.
    expect(proofreadLines([{ ...sure, chars: undefined, confidence: 0.5 }], reader)).toEqual([])
  })
})

describe('searchable text', () => {
  it('joins the lines without spaces, as a phrase is compared', () => {
    expect(searchableText(lines('优化营商', '环境 （试行）'))).toBe('优化营商环境(试行)')
    expect(searchablePhrase(' 营商 环境（试行） ')).toBe('营商环境(试行)')
  })
})
