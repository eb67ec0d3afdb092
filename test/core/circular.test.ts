import { byTypeText, circularRate, composeCircular, DEFAULT_NEXT_STEPS, defaultCircularTitle, type CircularInput } from '../../src/core/circular'

const base: CircularInput = {
  roundName: '2024年第三季度',
  office: '无锡市人民政府办公室',
  docNo: '',
  title: defaultCircularTitle('2024年第三季度'),
  checkpoints: ['2024-08-10', '2024-09-25', '2024-09-28'],
  registered: 139,
  byHostLevel: { city: 40, local: 99 },
  byKind: [
    { kind: 'wechat', label: '微信公众号', group: 'wechat', count: 100 },
    { kind: 'weibo', label: '微博', group: 'weibo', count: 20 },
    { kind: 'app', label: '移动客户端', group: 'app', count: 4 },
    { kind: 'other', label: '其他', group: 'other', count: 15 }
  ],
  inspected: 139,
  failed: 39,
  passRate: 71.9,
  categories: ['安全', '内容更新', '互动回应'],
  problems: [],
  practices: '',
  picked: [],
  nextSteps: '',
  deadline: '2024-10-18',
  contactName: '李华',
  contactPhone: '0510-12345678',
  annex: []
}
const problem = { account: '无锡某号', platform: '微信公众号', unit: '无锡市某局', indicator: '监测时间点前两周内无更新', finding: '' }

describe('the circular’s text', () => {
  it('says the figures, how many passes and when, and the rate with one decimal', () => {
    const [overall] = composeCircular(base).sections
    expect(overall?.paragraphs.map((p) => p.text)).toEqual([
      '截至2024年9月28日，全市共有政务新媒体139个。按开办主体分，市级部门40个，县（市、区）、镇（街道）及其部门99个；按类型分，微信公众号100个、微博20个、移动客户端4个、其他15个。',
      '2024年第三季度，无锡市人民政府办公室采取人技结合的方式，分别于8月10日、9月25日、9月28日对全市政务新媒体开展三轮检查，重点检查安全、内容更新、互动回应等单项否决指标。共检查政务新媒体139个，合格100个，不合格39个，总体合格率为71.9%。'
    ])
    expect(circularRate(75)).toBe('75.0%')
    expect(circularRate(null)).toBe('—')
    expect(composeCircular({ ...base, checkpoints: ['2024-08-10', '2024-09-25'] }).sections[0]?.paragraphs[1]?.text).toContain('开展两轮检查')
  })

  it('groups problems by the catalog’s categories, then the others, and names each account once per problem', () => {
    const text = composeCircular({
      ...base,
      problems: [
        { ...problem, category: '其他', indicator: '菜单不可用', finding: '子菜单无法使用；' },
        { ...problem, category: '内容更新', finding: '监测时间点前两周内无更新；管理员长期未登录' },
        { ...problem, account: '另一号', category: '安全', indicator: '严重表述错误', finding: '' }
      ]
    })
    const problems = text.sections[2]?.paragraphs ?? []
    expect(problems.map((p) => (p.subheading ? `# ${p.text}` : p.text))).toEqual([
      '检查发现，2个政务新媒体存在以下问题：',
      '# （一）安全方面。',
      '无锡市某局「另一号」（微信公众号）：严重表述错误。',
      '# （二）内容更新方面。',
      '无锡市某局「无锡某号」（微信公众号）：监测时间点前两周内无更新；管理员长期未登录。',
      '# （三）其他方面。',
      '无锡市某局「无锡某号」（微信公众号）：菜单不可用。子菜单无法使用。'
    ])
  })

  it('numbers categories past the twelfth in figures', () => {
    const categories = Array.from({ length: 13 }, (_, i) => `类别${i + 1}`)
    const text = composeCircular({ ...base, categories, problems: categories.map((category) => ({ ...problem, category })) })
    const subheadings = (text.sections[2]?.paragraphs ?? []).filter((p) => p.subheading).map((p) => p.text)
    expect(subheadings.slice(10)).toEqual(['（十一）类别11方面。', '（十二）类别12方面。', '（13）类别13方面。'])
  })

  it('says plainly when nothing failed or nothing was written, and uses the default next steps', () => {
    const text = composeCircular(base)
    expect(text.sections.map((s) => s.heading)).toEqual(['一、总体情况', '二、主要做法和成效', '三、存在问题', '四、下一步工作要求'])
    expect(text.sections[1]?.paragraphs).toEqual([{ text: '本批次暂未选取典型做法。' }])
    expect(text.sections[2]?.paragraphs).toEqual([{ text: '本次检查未发现不合格的政务新媒体。' }])
    expect(text.sections[3]?.paragraphs.map((p) => p.text)).toEqual(DEFAULT_NEXT_STEPS.split('\n'))
    expect(text.request).toBe('请相关单位对照问题清单（见附件）立即整改，并于2024年10月18日前将整改情况反馈至无锡市人民政府办公室。联系人：李华，电话：0510-12345678。')
    expect(composeCircular({ ...base, practices: ' 第一段 \n\n第二段' }).sections[1]?.paragraphs).toEqual([{ text: '第一段' }, { text: '第二段' }])
  })

  it('puts the picked good practices after the office’s opening, grouped by theme in the fixed order, each naming its account', () => {
    const picked = [
      { theme: 'interaction' as const, account: '无锡发布', text: '留言当天回复。' },
      { theme: 'service' as const, account: '无锡人社', text: '上线社保查询。' },
      { theme: 'service' as const, account: '无锡医保', text: '医保缴费线上办。' }
    ]
    expect(composeCircular({ ...base, practices: '开头。', picked }).sections[1]?.paragraphs).toEqual([
      { text: '开头。' },
      { text: '（一）服务功能方面。', subheading: true },
      { text: '「无锡人社」上线社保查询。' },
      { text: '「无锡医保」医保缴费线上办。' },
      { text: '（二）互动回应方面。', subheading: true },
      { text: '「无锡发布」留言当天回复。' }
    ])
    expect(composeCircular({ ...base, picked: picked.slice(0, 1) }).sections[1]?.paragraphs).toEqual([
      { text: '（一）互动回应方面。', subheading: true },
      { text: '「无锡发布」留言当天回复。' }
    ])
  })
})

describe('the circular by platform and by checkpoint', () => {
  it('names the national groups that have accounts, and every platform inside 其他 by its own name, adding up', () => {
    expect(
      byTypeText([
        { kind: 'wechat', label: '微信公众号', group: 'wechat', count: 30 },
        { kind: 'douyin', label: '抖音', group: 'other', count: 6 },
        { kind: 'toutiao', label: '今日头条', group: 'other', count: 4 },
        { kind: 'other', label: '其他', group: 'other', count: 1 }
      ])
    ).toBe('微信公众号30个、其他11个（其中抖音6个、今日头条4个、其他平台1个）')
    expect(byTypeText([{ kind: 'other', label: '其他', group: 'other', count: 2 }])).toBe('其他2个')
    expect(byTypeText([])).toBe('')
  })

  it('says one check on one date, two rounds on two, and no date when none was held', () => {
    const said = (checkpoints: string[]) => composeCircular({ ...base, checkpoints }).sections[0]?.paragraphs[1]?.text ?? ''
    expect(said(['2024-09-25'])).toContain('于9月25日对全市政务新媒体开展检查，')
    expect(said(['2024-08-10', '2024-09-25'])).toContain('分别于8月10日、9月25日对全市政务新媒体开展两轮检查，')
    expect(said([])).toContain('对全市政务新媒体开展检查，')
    expect(said([])).not.toContain('于')
  })
})

