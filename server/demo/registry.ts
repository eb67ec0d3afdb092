/**
 * The demo registry: Wuxi's departments and 425 accounts with exactly the breakdown of the
 * Q2 2024 circular (112 city-level / 313 local; 299 WeChat / 63 Weibo / 4 apps / 59 other).
 * Named accounts are the circular's; the rest are invented but plausible.
 */

export interface DemoDepartment {
  id: string
  parentId: string | null
  name: string
  /** The name its main account goes by. */
  shortName: string
  level: 'city' | 'district' | 'city-dept' | 'district-dept' | 'town'
  hostLevel: 'city' | 'local'
}

export interface DemoAccount {
  id: string
  name: string
  platform: 'wechat' | 'weibo' | 'app' | 'other'
  platformRef: string
  departmentId: string
}

export const CITY_ID = 'd-wuxi'

const CITY_DEPTS: [string, string, string][] = [
  ['bgs', '无锡市人民政府办公室', '中国无锡'],
  ['wjw', '无锡市卫生健康委员会', '健康无锡'],
  ['cgj', '无锡市城市管理局', '无锡城管'],
  ['rsj', '无锡市人力资源和社会保障局', '无锡人社'],
  ['ybj', '无锡市医疗保障局', '无锡医保'],
  ['fgw', '无锡市发展和改革委员会', '无锡发改'],
  ['jyj', '无锡市教育局', '无锡教育'],
  ['gaj', '无锡市公安局', '无锡公安'],
  ['scjg', '无锡市市场监督管理局', '无锡市场监管'],
  ['wglj', '无锡市文化广电和旅游局', '无锡文旅'],
  ['sthj', '无锡市生态环境局', '无锡生态环境'],
  ['jtj', '无锡市交通运输局', '无锡交通'],
  ['zjj', '无锡市住房和城乡建设局', '无锡住建'],
  ['mzj', '无锡市民政局', '无锡民政'],
  ['sfj', '无锡市司法局', '无锡司法'],
  ['czj', '无锡市财政局', '无锡财政'],
  ['zrzy', '无锡市自然资源和规划局', '无锡自然资源'],
  ['slj', '无锡市水利局', '无锡水利'],
  ['nyj', '无锡市农业农村局', '无锡农业农村'],
  ['swj', '无锡市商务局', '无锡商务'],
  ['yjj', '无锡市应急管理局', '无锡应急'],
  ['tjj', '无锡市统计局', '无锡统计'],
  ['tyj', '无锡市体育局', '无锡体育'],
  ['sjj', '无锡市数据局', '无锡数据'],
  ['zwb', '无锡市政务服务管理办公室', '无锡政务服务'],
  ['kjj', '无锡市科学技术局', '无锡科技'],
  ['gxj', '无锡市工业和信息化局', '无锡工信'],
  ['tyjr', '无锡市退役军人事务局', '无锡退役军人'],
  ['sjjj', '无锡市审计局', '无锡审计'],
  ['gzw', '无锡市人民政府国有资产监督管理委员会', '无锡国资'],
  ['jgsw', '无锡市机关事务管理局', '无锡机关事务'],
  ['xfj', '无锡市信访局', '无锡信访'],
  ['qxj', '无锡市气象局', '无锡气象'],
  ['dag', '无锡市档案馆', '无锡档案'],
  ['gjj', '无锡市住房公积金管理中心', '无锡公积金'],
  ['xfzd', '无锡市消防救援支队', '无锡消防'],
  ['wsj', '无锡市外事办公室', '无锡外事'],
  ['mzzj', '无锡市民族宗教事务局', '无锡民宗'],
  ['rfb', '无锡市人民防空办公室', '无锡人防'],
  ['tjb', '无锡市台湾事务办公室', '无锡台办']
]

const DISTRICTS: [string, string, string][] = [
  ['lx', '梁溪区', '梁溪'],
  ['xs', '锡山区', '锡山'],
  ['hs', '惠山区', '惠山'],
  ['bh', '滨湖区', '滨湖'],
  ['xw', '新吴区', '新吴'],
  ['jk', '经开区', '经开'],
  ['jy', '江阴市', '江阴'],
  ['yx', '宜兴市', '宜兴']
]

/** District departments: [id suffix, full name suffix, short suffix]. */
const DISTRICT_DEPTS: [string, string, string][] = [
  ['fgj', '发展和改革局', '发改'],
  ['zhzf', '综合行政执法局', '综合执法'],
  ['scjg', '市场监督管理局', '市场监管'],
  ['wjw', '卫生健康委员会', '卫健'],
  ['jyj', '教育局', '教育'],
  ['rsj', '人力资源和社会保障局', '人社'],
  ['mzj', '民政局', '民政'],
  ['yjj', '应急管理局', '应急']
]

const TOWNS: Record<string, string[]> = {
  lx: ['崇安寺街道', '广益街道', '黄巷街道', '山北街道', '扬名街道'],
  xs: ['东亭街道', '安镇街道', '东港镇', '锡北镇', '鹅湖镇'],
  hs: ['堰桥街道', '长安街道', '洛社镇', '阳山镇', '钱桥街道'],
  bh: ['蠡园街道', '河埒街道', '马山街道', '胡埭镇', '荣巷街道'],
  xw: ['旺庄街道', '硕放街道', '梅村街道', '鸿山街道', '新安街道'],
  jk: ['华庄街道', '太湖街道', '雪浪街道', '金城湾街道', '贡湖湾街道'],
  jy: ['澄江街道', '周庄镇', '华士镇', '新桥镇', '徐霞客镇'],
  yx: ['宜城街道', '丁蜀镇', '张渚镇', '和桥镇', '官林镇']
}

/** Districts whose name already says "市" are county-level cities: 江阴市市场监管局, not 江阴市区市场监管局. */
function districtDeptName(district: string, suffix: string): string {
  return `${district}${suffix}`
}

export function demoDepartments(): DemoDepartment[] {
  const list: DemoDepartment[] = [{ id: CITY_ID, parentId: null, name: '无锡市', shortName: '无锡', level: 'city', hostLevel: 'city' }]
  for (const [id, name, short] of CITY_DEPTS) {
    list.push({ id: `d-city-${id}`, parentId: CITY_ID, name, shortName: short, level: 'city-dept', hostLevel: 'city' })
  }
  for (const [id, name, short] of DISTRICTS) {
    const districtId = `d-${id}`
    list.push({ id: districtId, parentId: CITY_ID, name: `${name}人民政府`, shortName: `${short}发布`, level: 'district', hostLevel: 'local' })
    for (const [did, dname, dshort] of DISTRICT_DEPTS) {
      list.push({
        id: `${districtId}-${did}`,
        parentId: districtId,
        name: districtDeptName(name, dname),
        shortName: `${short}${dshort}`,
        level: 'district-dept',
        hostLevel: 'local'
      })
    }
    ;(TOWNS[id] ?? []).forEach((town, i) => {
      list.push({ id: `${districtId}-t${i + 1}`, parentId: districtId, name: `${name}${town}`, shortName: `${town.replace(/(街道|镇)$/, '')}${town.endsWith('镇') ? '镇' : '街道'}发布`, level: 'town', hostLevel: 'local' })
    })
  }
  return list
}

const OTHER_PLATFORMS = ['抖音', '今日头条', '视频号', '快手', '小红书']

const CITY_APPS: [string, string][] = [
  ['灵锡', 'd-city-sjj'],
  ['无锡公积金', 'd-city-gjj'],
  ['无锡人社', 'd-city-rsj']
]
const LOCAL_APPS: [string, string][] = [['江阴城市服务', 'd-jy']]

function pinyinSlug(id: string): string {
  return id.replace(/^d-/, '').replace(/-/g, '_')
}

/** Allocate accounts to units: one WeChat account each first, then further accounts by platform. */
function allocate(
  units: DemoDepartment[],
  counts: { wechat: number; weibo: number; other: number },
  apps: [string, string][],
  idPrefix: string
): DemoAccount[] {
  const accounts: DemoAccount[] = []
  let n = 0
  const add = (name: string, platform: DemoAccount['platform'], platformRef: string, departmentId: string) => {
    n += 1
    accounts.push({ id: `${idPrefix}${String(n).padStart(3, '0')}`, name, platform, platformRef, departmentId })
  }
  for (let i = 0; i < counts.wechat; i++) {
    const unit = units[i % units.length] as DemoDepartment
    const second = i >= units.length
    add(second ? `${unit.shortName.replace(/发布$/, '')}服务` : unit.shortName, 'wechat', `gh_${pinyinSlug(unit.id)}${second ? '_fw' : ''}`, unit.id)
  }
  for (let i = 0; i < counts.weibo; i++) {
    const unit = units[i % units.length] as DemoDepartment
    add(unit.shortName, 'weibo', `weibo.com/${pinyinSlug(unit.id)}`, unit.id)
  }
  for (const [name, departmentId] of apps) add(name, 'app', `${name} App`, departmentId)
  for (let i = 0; i < counts.other; i++) {
    const unit = units[(i * 3) % units.length] as DemoDepartment
    const platform = OTHER_PLATFORMS[i % OTHER_PLATFORMS.length] as string
    add(unit.shortName, 'other', `${platform}：${pinyinSlug(unit.id)}`, unit.id)
  }
  return accounts
}

export function demoAccounts(departments: DemoDepartment[]): DemoAccount[] {
  const city = departments.filter((d) => d.level === 'city-dept')
  const local = departments.filter((d) => d.hostLevel === 'local')
  // 112 city-level: 75 WeChat, 20 Weibo, 3 apps, 14 other; 313 local: 224 / 43 / 1 / 45.
  return [
    ...allocate(city, { wechat: 75, weibo: 20, other: 14 }, CITY_APPS, 'a-c'),
    ...allocate(local, { wechat: 224, weibo: 43, other: 45 }, LOCAL_APPS, 'a-l')
  ]
}

/** The three accounts the circular names as failing, with what the inspector found. */
export const DEMO_FAILURES = [
  {
    account: '锡山发改',
    departmentId: 'd-xs-fgj',
    indicator: 'UPD-1',
    checkpoints: [1, 2],
    latestPost: '2024-03-28',
    note: '监测时间点前两周内无更新；账号管理员半年未登录全国政务新媒体信息报送系统，对整改通知未作回应。'
  },
  {
    account: '经开综合执法',
    departmentId: 'd-jk-zhzf',
    indicator: 'SEC-1',
    checkpoints: [2],
    latestPost: null,
    note: '6月发布的多篇推文存在表述不当问题。'
  },
  {
    account: '健康无锡',
    departmentId: 'd-city-wjw',
    indicator: 'INT-1',
    checkpoints: [2],
    latestPost: null,
    note: '公众号子菜单“在线咨询”点击后无法使用，互动功能失效。'
  }
] as const
