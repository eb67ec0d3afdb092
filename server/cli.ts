import { parseArgs } from 'node:util'
import { ROLE_LABELS, ROLES, type Role } from '../src/core'
import { evidenceStoreFromEnv, openFromEnv } from './config'
import { migrateToLatest } from './db'
import { defaultIds, type Deps } from './deps'
import type { Actor } from './audit/log'
import { createPerson, listPeople, reissueCode, updatePerson, type IssuedCode } from './services/people'
import { AppError } from './errors'

/**
 * Operator commands over the same environment as the server (DATABASE_URL, SQLITE_FILE, DATA_DIR);
 * safe while the server runs. `npm run -s admin -- <command> [options]`:
 *
 *   create-user --name 王珊 --role admin [--department ID] [--json]
 *   list-users [--json]
 *   reissue-code --user ID [--json]
 *   deactivate --user ID [--json]
 *
 * Exit codes: 0 done, 1 refused (the message says why), 2 wrong usage.
 */
const USAGE = `用法: npm run -s admin -- <命令> [选项]
  create-user --name 姓名 --role ${ROLES.join('|')} [--department 单位ID] [--json]
  list-users [--json]
  reissue-code --user 人员ID [--json]
  deactivate --user 人员ID [--json]`

const OPERATOR: Actor = { id: null, name: '操作员（命令行）', ip: 'cli' }

class UsageError extends Error {}

function printCode(issued: IssuedCode, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ id: issued.id, name: issued.name, role: issued.role, bindCode: issued.bindCode, expiresAt: issued.expiresAt }))
    return
  }
  console.log(`${issued.name}（${ROLE_LABELS[issued.role]}，${issued.id}）`)
  console.log(`绑定码：${issued.bindCode}（${issued.expiresAt} 前有效，只能使用一次）`)
  console.log('请本人在小程序中点「微信登录」，按提示输入绑定码。')
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false
  })
  const json = values.json ?? false
  if (!command || !['create-user', 'list-users', 'reissue-code', 'deactivate'].includes(command)) throw new UsageError(command ? `未知命令: ${command}` : '缺少命令')
  if (command === 'create-user' && (!values.name || !values.role)) throw new UsageError('create-user 需要 --name 和 --role')
  if ((command === 'reissue-code' || command === 'deactivate') && !values.user) throw new UsageError(`${command} 需要 --user`)

  const { dataDir, database } = openFromEnv()
  try {
    await migrateToLatest(database)
    const deps: Deps = { db: database.db, evidence: evidenceStoreFromEnv(dataDir).store, now: () => new Date(), newId: defaultIds() }
    if (command === 'create-user') {
      printCode(await createPerson(deps, null, OPERATOR, { name: values.name ?? '', role: values.role as Role, departmentId: values.department ?? null }), json)
    } else if (command === 'reissue-code') {
      printCode(await reissueCode(deps, null, OPERATOR, values.user ?? ''), json)
    } else if (command === 'deactivate') {
      const p = await updatePerson(deps, null, OPERATOR, values.user ?? '', { active: false })
      console.log(json ? JSON.stringify({ id: p.id, name: p.name, active: p.active }) : `已停用：${p.name}（${p.id}），其登录已全部失效`)
    } else {
      const items = []
      for (let offset = 0; ; offset += 100) {
        const page = await listPeopleAsOperator(deps, offset)
        items.push(...page.items)
        if (page.items.length < 100) break
      }
      if (json) console.log(JSON.stringify(items))
      else if (items.length === 0) console.log('还没有任何人员。创建第一位管理员：npm run -s admin -- create-user --name 姓名 --role admin')
      else for (const p of items) console.log(`${p.id}\t${p.name}\t${ROLE_LABELS[p.role]}\t${p.departmentName ?? '全市'}\t${p.active ? (p.bound ? '已绑定微信' : '未绑定') : '已停用'}`)
    }
  } finally {
    await database.close()
  }
}

/** The operator at the command line sees everyone (no admin scope applies). */
function listPeopleAsOperator(deps: Deps, offset: number) {
  const operator = { id: 'cli', username: 'cli', name: OPERATOR.name, role: 'admin' as Role, departmentId: null, departmentName: null }
  return listPeople(deps, operator, { offset, limit: 100 })
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`)
      process.exit(2)
    }
    if (error instanceof AppError) {
      console.error(`${error.code}: ${error.message}`)
      process.exit(1)
    }
    console.error(error)
    process.exit(1)
  }
)
