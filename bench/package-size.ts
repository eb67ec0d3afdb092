import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/**
 * The weapp main-package size: everything under dist/weapp except subpackage roots and
 * source maps. Budget 1.0 MiB (WeChat's hard limit is 2 MB); each subpackage's size is printed,
 * the leader's summary (charts) within 200 KiB. Exits 1 over budget.
 * Run: `npx tsx bench/package-size.ts` after `npm run build:weapp` (which runs it itself).
 */
const BUDGET = 1024 * 1024
const SUB_BUDGETS: Record<string, number> = { 'packages/summary': 200 * 1024 }
const root = resolve(__dirname, '..', 'dist', 'weapp')
const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
const subRoots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/\/$/, ''))

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

let main = 0
let sub = 0
const bySub = new Map<string, number>()
const biggest: [string, number][] = []
for (const file of walk(root)) {
  const rel = relative(root, file).replace(/\\/g, '/')
  if (rel.endsWith('.map') || rel === 'project.config.json') continue
  const size = statSync(file).size
  const subRoot = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`))
  if (subRoot) {
    sub += size
    bySub.set(subRoot, (bySub.get(subRoot) ?? 0) + size)
  } else {
    main += size
    biggest.push([rel, size])
  }
}
biggest.sort((a, b) => b[1] - a[1])
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`
console.log(`weapp main package: ${kib(main)} of ${kib(BUDGET)} budget (${((main / BUDGET) * 100).toFixed(1)}%); subpackages: ${kib(sub)}`)
for (const [rel, size] of biggest.slice(0, 5)) console.log(`  ${kib(size).padStart(10)}  ${rel}`)
let over = false
for (const [subRoot, size] of [...bySub].sort()) {
  const budget = SUB_BUDGETS[subRoot]
  console.log(`weapp subpackage ${subRoot}: ${kib(size)}${budget ? ` of ${kib(budget)} budget` : ''}`)
  if (budget && size > budget) {
    console.error(`weapp subpackage ${subRoot} is over its budget`)
    over = true
  }
}
if (over) process.exit(1)
if (main > BUDGET) {
  console.error('weapp main package is over budget: move heavy pages into subpackages')
  process.exit(1)
}
