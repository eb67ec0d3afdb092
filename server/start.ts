import type { FastifyInstance } from 'fastify'
import { migrateToLatest } from './db'
import { evidenceStoreFromEnv, openFromEnv } from './config'
import { createCode2Session } from './auth/wechat-session'
import { countUsers } from './db/repos/people'
import { purgeSessions } from './db/repos/users'
import { purgeTickets } from './services/web-tickets'
import { purgeRateLimits } from './auth/rate-limits'
import { buildApp } from './app'
import { defaultIds } from './deps'
import { seedDemo } from './demo/seed'
import { fillSearchKeys } from './services/registry'
import { ensureBuiltinCatalogs } from './services/catalogs'
import { DEMO_TODAY, demoClock } from './demo/clock'
import { roundToday } from '../src/core'
import { createWeChatClient } from './notify/wechat'
import { runDeadlineReminders, type ReminderConfig } from './services/reminders'
import { startOcr } from './ocr'

/**
 * Starts the server. Environment: PORT (default 3000), HOST (default 0.0.0.0),
 * DATABASE_URL (PostgreSQL; default: SQLite file data/inspection.sqlite or SQLITE_FILE),
 * DATA_DIR (default data/), DEMO=1 or --demo (demo login, seeded demo round, and a clock on
 * DEMO_TODAY, default 2024-07-10, inside the round);
 * WeChat sign-in with WECHAT_APPID and WECHAT_SECRET (WECHAT_API_BASE to point at another API host),
 * or TRUST_WX_OPENID_HEADER=1 on WeChat Cloud Hosting; reminders also need WECHAT_TEMPLATE_DEADLINE
 * and WECHAT_TEMPLATE_RETURNED (REMIND_DAYS_BEFORE, default 3); EVIDENCE_STORE and S3_* (config.ts:
 * screenshots on disk or in a bucket); SHUTDOWN_TIMEOUT_MS (default 25000) for draining on SIGTERM;
 * OCR, OCR_TIMEOUT_MS, OCR_RECYCLE_AFTER for the optional screenshot text reading (server/ocr).
 */
/** Starts the server from the environment; `configure` reaches the Fastify instance before its routes (tests). */
export async function startFromEnv(configure?: (app: FastifyInstance) => void): Promise<void> {
  const say = serverLog(process.env.LOG === '1')
  const demo = process.argv.includes('--demo') || process.env.DEMO === '1'
  const port = Number(process.env.PORT ?? 3000)
  const host = process.env.HOST ?? '0.0.0.0'
  const { dataDir, database } = openFromEnv()
  await migrateToLatest(database)
  // Accounts and units from before search keys existed get theirs (pinyin, for search by 「wxcg」).
  await fillSearchKeys(database.db)
  // The shipped indicator catalogs, published, so that an office can create its first round.
  await ensureBuiltinCatalogs(database.db)
  const reminders: ReminderConfig | undefined =
    process.env.WECHAT_APPID && process.env.WECHAT_SECRET && process.env.WECHAT_TEMPLATE_DEADLINE && process.env.WECHAT_TEMPLATE_RETURNED
      ? {
          client: createWeChatClient({ appId: process.env.WECHAT_APPID, secret: process.env.WECHAT_SECRET, baseUrl: process.env.WECHAT_API_BASE }),
          daysBefore: Number(process.env.REMIND_DAYS_BEFORE ?? 3),
          templates: { deadline: process.env.WECHAT_TEMPLATE_DEADLINE, returned: process.env.WECHAT_TEMPLATE_RETURNED }
        }
      : undefined
  // The demo's clock sits inside the demo round (DEMO_TODAY, default 2024-07-10); production uses the real one.
  const now = demo ? demoClock(process.env.DEMO_TODAY ?? DEMO_TODAY) : () => new Date()
  const wechat =
    process.env.WECHAT_APPID && process.env.WECHAT_SECRET
      ? createCode2Session({ appId: process.env.WECHAT_APPID, secret: process.env.WECHAT_SECRET, baseUrl: process.env.WECHAT_API_BASE })
      : undefined
  const evidence = evidenceStoreFromEnv(dataDir)
  const ocr = startOcr({ db: database.db, evidence: evidence.store, now, log: say.info })
  const deps = { db: database.db, evidence: evidence.store, now, newId: defaultIds(), reminders, wechat, ocr: ocr.queue }
  if (demo) {
    say.info(`演示模式：服务器日期固定为 ${roundToday(now())}（北京时间），用于整改期限和逾期计算`)
    const seeded = await seedDemo(deps)
    say.info(seeded ? '演示数据已写入（2024年第二季度，425 个账号）' : '演示数据已存在，跳过写入')
  }
  // Expired sessions go; without demo mode, so do the demo sign-in's (a demo token must not reach real data).
  const purge = async () => {
    const n = await purgeSessions(deps.db, now(), !demo)
    if (n > 0) say.info(`已清理 ${n} 个过期${demo ? '' : '或演示'}登录会话`)
    // Sign-in tickets past their time and counters of ended windows go too.
    await purgeTickets(deps, now())
    await purgeRateLimits(deps.db, now())
  }
  await purge()
  setInterval(() => void purge().catch((e: unknown) => say.error('sessions', e)), 3600 * 1000).unref()
  const trustOpenidHeader = process.env.TRUST_WX_OPENID_HEADER === '1'
  const app = await buildApp({ deps, demo, trustOpenidHeader, staticDir: process.env.STATIC_DIR ?? 'dist/h5', logger: process.env.LOG === '1', configure })
  await app.listen({ port, host })
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host
  say.info(`政务新媒体检查 ${demo ? '演示' : ''}服务已启动: http://${shown}:${port}/  (API: /api/v1, 数据库: ${database.dialect}, 截图: ${evidence.describe})`)
  say.info(ocr.describe)
  if (!demo && (await countUsers(deps.db)) === 0) {
    say.info('还没有任何人员。创建第一位管理员（服务运行时也可执行）：npm run -s admin -- create-user --name 姓名 --role admin')
  }
  if (!wechat && !trustOpenidHeader && !demo) say.info('未配置微信登录：设置 WECHAT_APPID 和 WECHAT_SECRET（或在微信云托管上设置 TRUST_WX_OPENID_HEADER=1）')
  if (reminders) {
    // Hourly; sending is idempotent, so several server processes may all run it.
    const tick = () => void runDeadlineReminders(deps, reminders).catch((e: unknown) => say.error('reminders', e))
    setInterval(tick, 3600 * 1000).unref()
    tick()
  }
  // Graceful shutdown (a platform replacing the instance sends SIGTERM): stop taking connections
  // (the health check and new requests answer 503), let the requests in flight finish, close the
  // database, exit 0. Past SHUTDOWN_TIMEOUT_MS (default 25 s, under Cloud Hosting's 30 s) exit 1:
  // what was not answered is retried by the phones' outboxes.
  const drainMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25000)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    say.info(`收到 ${signal}，等待进行中的请求完成后退出（最多 ${Math.round(drainMs / 1000)} 秒）`)
    setTimeout(() => {
      say.error('等待超时，强制退出')
      process.exit(1)
    }, drainMs).unref()
    void (async () => {
      await app.close()
      await ocr.queue?.stop()
      await database.close()
      evidence.close?.()
      say.info('已停止')
      process.exit(0)
    })().catch((e: unknown) => {
      say.error('shutdown', e)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/**
 * The server's own lines (start, demo, shutdown): with LOG=1 one JSON object per line like the
 * request log (level, time, pid, msg; an error's message and stack under err), else plain text.
 */
function serverLog(json: boolean): { info: (msg: string) => void; error: (msg: string, err?: unknown) => void } {
  const line = (level: number, msg: string, err?: unknown) => {
    const e = err instanceof Error ? { type: err.name, message: err.message, stack: err.stack } : err === undefined ? undefined : { message: String(err) }
    return JSON.stringify({ level, time: Date.now(), pid: process.pid, msg, ...(e ? { err: e } : {}) })
  }
  return json
    ? { info: (msg) => console.log(line(30, msg)), error: (msg, err) => console.error(line(50, msg, err)) }
    : { info: (msg) => console.log(msg), error: (msg, err) => (err === undefined ? console.error(msg) : console.error(msg, err)) }
}
