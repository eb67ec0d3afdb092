import { createProofreader, looksAlike, soundsAlike, soundsClose, titleAgrees } from '../../src/core/proofread'

const words = (hits: { wrong: string; right: string }[]) => hits.map((h) => `${h.wrong}→${h.right}`)

describe('proofreading', () => {
  const p = createProofreader()

  it('finds the six commonest errors of government posts, each with its reason', () => {
    const hits = p.check('付市长在会上指出，中华人民共合国成立以来，截止目前全市已按装设备，我们要在接再厉，做为表率。')
    expect(words(hits)).toEqual(['付市长→副市长', '中华人民共合国→中华人民共和国', '截止目前→截至目前', '按装→安装', '在接再厉→再接再厉', '做为→作为'])
    expect(hits[0]?.reason).toBe('职务（同音）：付→副，见『副市长』')
    expect(hits[0]?.category).toBe('职务')
    expect(hits[4]?.reason).toBe('成语（同音）：在→再，见『再接再厉』')
  })

  it('names a phrase one sound-alike character off a canonical phrase, though no entry lists it', () => {
    const hits = p.check('我局将一如即往做好服务。')
    expect(words(hits)).toEqual(['一如即往→一如既往'])
    expect(hits[0]).toMatchObject({ kind: 'near-miss', category: '同音字', reason: '同音字：即→既，见『一如既往』' })
  })

  it('in a longer canonical phrase, a character read close (名 ming for 民 min) is enough', () => {
    const hits = p.check('坚持发展全过程人名民主。')
    expect(words(hits)).toEqual(['全过程人名民主→全过程人民民主'])
    // In a four-character phrase a close reading is not: too many real words lie one blur apart.
    expect(words(p.check('大家众志成陈。'))).toEqual([])
  })

  it('names a phrase one look-alike character off a canonical phrase', () => {
    const hits = p.check('这次活动可谓绵上添花。')
    expect(words(hits)).toEqual(['绵上添花→锦上添花'])
    expect(hits[0]).toMatchObject({ kind: 'near-miss', category: '形近字' })
  })

  it('leaves correct text alone, the canonical phrases and words that merely resemble them included', () => {
    const text =
      '市政府召开常务会议，研究部署高质量发展、乡村振兴和营商环境优化工作。会议强调，要坚持以人民为中心，一如既往抓好民生实事，' +
      '锦上添花、雪中送炭都要做。市场监督管理局、农业农村局负责同志参加。截至目前，全市已安装设备1200台，报名截止日期为7月31日。' +
      '支付局长的差旅费按规定执行，农业部门和文化部门做好配合，应付局长的检查要实事求是，作为表率。'
    expect(words(p.check(text))).toEqual([])
  })

  it('does not flag a wrong form inside or across a longer correct word', () => {
    expect(words(p.check('按规定应付局长的检查。'))).toEqual([])
    expect(words(p.check('农业部门联合开展检查。'))).toEqual([])
    expect(words(p.check('农业部发布通知。'))).toEqual(['农业部→农业农村部'])
  })

  it('checks a leader\'s name against the title beside it', () => {
    const q = createProofreader({ leaders: [{ name: '王建国', title: '市委常委、常务副市长', since: '2024-03-01' }, { name: '李红梅', title: '市委书记', since: '2023-01-15' }] })
    expect(words(q.check('常务副市长王建国、副市长王建国、市委书记李红梅出席。'))).toEqual([])
    const hits = q.check('市长王建国出席，李红梅副书记讲话。')
    expect(words(hits)).toEqual(['市长王建国→常务副市长王建国', '李红梅副书记→李红梅市委书记'])
    expect(hits[0]?.reason).toBe('职务：王建国现任市委常委、常务副市长（2024年3月起）')
    expect(titleAgrees('副市长', ['常务副市长'])).toBe(true)
    expect(titleAgrees('市长', ['常务副市长'])).toBe(false)
  })

  it('lets the office\'s own entries come first', () => {
    const q = createProofreader({ office: [{ wrong: '锡山区人民政付', right: '锡山区人民政府', source: '区政府文件' }] })
    const hits = q.check('锡山区人民政付发布通知。')
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({ kind: 'office', category: '本单位错敏词库', right: '锡山区人民政府', source: '区政府文件' })
  })

  it('finds dates that cannot be, a weekday that does not match, and doubled approximations', () => {
    expect(words(p.check('6月31日前完成；2月29日；2023年2月29日；2024年7月10日（星期四）开会，约50人左右参加，超过100人以上。'))).toEqual([
      '6月31日→请核对日期',
      '2023年2月29日→请核对日期',
      '2024年7月10日（星期四）→2024年7月10日（星期三）',
      '约50人左右→50人左右',
      '超过100人以上→超过100人'
    ])
    expect(words(p.check('2024年7月10日（星期三）、2024年2月29日、12月31日。'))).toEqual([])
  })

  it('knows which characters sound and look alike', () => {
    expect(soundsAlike('付', '副')).toBe(true)
    expect(soundsAlike('再', '在')).toBe(true)
    expect(soundsAlike('付', '附')).toBe(true)
    expect(soundsAlike('市', '长')).toBe(false)
    expect(soundsAlike('名', '民')).toBe(false)
    expect(soundsClose('名', '民')).toBe(true)
    expect(soundsClose('是', '四')).toBe(true)
    expect(soundsClose('南', '蓝')).toBe(true)
    expect(soundsClose('市', '长')).toBe(false)
    expect(looksAlike('己', '已')).toBe(true)
    expect(looksAlike('候', '侯')).toBe(true)
    expect(looksAlike('己', '候')).toBe(false)
  })

  it('reads a screenshot\'s worth of text in well under 20 ms', () => {
    const text = '近日，市政府召开常务会议，研究部署高质量发展和营商环境优化工作，要求各部门再接再厉、真抓实干。'.repeat(20)
    p.check(text)
    const t0 = performance.now()
    for (let i = 0; i < 10; i++) p.check(text)
    const ms = (performance.now() - t0) / 10
    console.log(`proofread ${text.length} characters: ${ms.toFixed(2)} ms`)
    expect(ms).toBeLessThan(20)
  })
})
