import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/**
 * `npm start`: the demo (server + H5 app on the embedded SQLite database). The H5 app is built
 * only when its sources changed since the last build: a hash of everything the build reads
 * (src/, config/, the lock file, the build's own settings) is kept in dist/h5/.sources; when it
 * matches, the existing build is served at once. `--rebuild` forces a build.
 */
const ROOT = resolve(__dirname, '..')
const DIST = join(ROOT, 'dist/h5')
const STAMP = join(DIST, '.sources')
const INPUTS = ['src', 'config', 'package-lock.json', 'babel.config.js', 'tsconfig.json', 'project.config.json', 'scripts/h5-postbuild.ts']

function files(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)))
}

/** What the H5 build is made from, as one digest (paths and contents; API_BASE and friends too). */
export function sourcesDigest(): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((p) => files(join(ROOT, p)))) {
    hash.update(relative(ROOT, file).split('\\').join('/'))
    hash.update('\0')
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  for (const name of ['API_BASE', 'API_TRANSPORT', 'CLOUD_ENV', 'CLOUD_SERVICE', 'WECHAT_TEMPLATE_DEADLINE', 'WECHAT_TEMPLATE_RETURNED']) hash.update(`${name}=${process.env[name] ?? ''}\n`)
  return hash.digest('hex')
}

function main(): void {
  const started = Date.now()
  const digest = sourcesDigest()
  const built = existsSync(join(DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === digest
  if (built && !process.argv.includes('--rebuild')) {
    console.log(`H5 应用未改动，直接使用已有构建（检查用时 ${Date.now() - started} ms）`)
  } else {
    console.log(existsSync(join(DIST, 'index.html')) ? 'H5 应用的源文件有改动，重新构建…' : '首次启动：构建 H5 应用…')
    const build = spawnSync('npm', ['run', 'build:h5'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' })
    if (build.status !== 0) process.exit(build.status ?? 1)
    writeFileSync(STAMP, `${digest}\n`)
  }
  const server = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts'), '--demo'], { cwd: ROOT, stdio: 'inherit' })
  process.exit(server.status ?? 0)
}

if (require.main === module) main()
