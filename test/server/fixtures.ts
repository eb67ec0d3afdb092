import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { DEFAULT_NEXT_STEPS, NATIONAL_2019, type Answer, type CircularInput } from '../../src/core'

/** A real PNG of the given size, different per seed. */
export async function png(seed: number, width = 60, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } } })
    .png()
    .toBuffer()
}

export async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 120, channels: 3, background: { r: 200, g: seed % 256, b: 30 } } })
    .jpeg()
    .toBuffer()
}

/** A multipart body with one file, as Taro.uploadFile sends it, after any text fields (its formData). */
export function multipart(bytes: Buffer, filename = 'screenshot.png', field = 'file', fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----gnmtest' + Math.random().toString(16).slice(2)
  const texts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([...texts, head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** All national-2019 items passing at a checkpoint, with patches per indicator. */
export function nationalAnswers(latestPost: string, patch: Record<string, Partial<Answer>> = {}): Answer[] {
  return NATIONAL_2019.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : 'pass',
    note: '',
    value: i.rule ? latestPost : null,
    evidence: [],
    ...patch[i.code]
  }))
}

/** A small PNG whose header claims width × height pixels (a decompression bomb's calling card). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await png(9, 8, 8))
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)) >>> 0, 29)
  return bytes
}

/** A round of another city: long names, 40 findings over four categories and 16 units. */
export function generatedCircular(): CircularInput {
  const categories = ['安全', '内容更新', '互动回应', '服务实用']
  const units = Array.from({ length: 16 }, (_, i) => `江阴市${['澄江', '南闸', '云亭', '申港', '夏港', '月城', '青阳', '徐霞客'][i % 8]}街道党政综合办公室（便民服务中心）第${i + 1}分中心`)
  const problems = Array.from({ length: 40 }, (_, i) => ({
    category: categories[i % 4] ?? '安全',
    account: `江阴${['澄江', '南闸', '云亭', '申港'][i % 4]}社区服务与基层治理信息发布${i + 1}号`,
    platform: ['微信公众号', '微博', '抖音', '今日头条'][i % 4] ?? '微信公众号',
    unit: units[i % 16] ?? '',
    indicator: ['发布内容存在严重表述错误', '监测时间点前两周内无更新', '互动留言超过三个月未回应', '办事服务功能无法正常使用'][i % 4] ?? '',
    finding: `第${i + 1}条：检查人员于检查时点登录账号，逐条核对近三个月发布的全部内容，发现问题并留存截图，账号运营单位未能在规定时限内作出说明。`
  }))
  return {
    roundName: '2025年第一季度',
    office: '江阴市人民政府办公室',
    docNo: '澄政办发[2025]第3号',
    title: '关于2025年第一季度江阴市政务新媒体及政府网站常态化监测检查情况暨整改工作进展的通报',
    checkpoints: ['2025-02-10', '2025-03-20'],
    registered: 230,
    byHostLevel: { city: 60, local: 170 },
    byKind: [
      { kind: 'wechat', count: 150 },
      { kind: 'weibo', count: 40 },
      { kind: 'app', count: 5 },
      { kind: 'other', count: 35 }
    ] as CircularInput['byKind'],
    inspected: 230,
    failed: 28,
    passRate: 87.8,
    categories,
    problems,
    practices: '各镇街、各部门持续提升政务新媒体服务能力，涌现出一批典型做法。\n「江阴发布」开设“民生热线”专栏，群众留言当天回应，全年回应率保持在百分之百。',
    picked: [],
    nextSteps: DEFAULT_NEXT_STEPS,
    deadline: '2025-04-18',
    contactName: '市政府办公室政务公开科 钱敏',
    contactPhone: '0510-86801234',
    annex: problems.map((p) => ({ ...p, status: '待整改' }))
  }
}
