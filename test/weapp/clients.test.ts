import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { BASE_LIBRARY, NEWER_THAN_BASE } from './fake-wx'
import { releaseApiBaseProblem } from '../../config/release'
import { parse } from 'acorn'
import { DIST, ROOT } from './harness'

/**
 * The WeChat clients we support (README: WeChat 8.0+ on iOS 14+ and on Android with its
 * Chromium-based engine, base library 2.26.0+) run ES2020. The build, the browserslist that
 * drives Babel, and project.config.json (no DevTools ES6→ES5 pass) must agree with that.
 */
const ECMA_VERSION = 2020

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? jsFiles(full) : name.endsWith('.js') ? [full] : []
  })
}

describe('the WeChat clients we support', () => {
  it('are what browserslist and project.config.json say', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.browserslist).toEqual(['ios >= 14', 'chrome >= 80'])
    const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8'))
    // Our build emits what the clients run: WeChat DevTools must not transform it again.
    expect(project.setting).toMatchObject({ es6: false, enhance: false })
    expect(project.libVersion).toBe('2.26.0')
  })

  it(`get only ES${ECMA_VERSION} in every emitted .js of dist/weapp`, () => {
    const files = jsFiles(DIST)
    expect(files.length).toBeGreaterThan(8)
    const refused: string[] = []
    for (const file of files) {
      try {
        parse(readFileSync(file, 'utf8'), { ecmaVersion: ECMA_VERSION, sourceType: 'script' })
      } catch (error) {
        refused.push(`${relative(DIST, file)}: ${(error as Error).message}`)
      }
    }
    expect(refused).toEqual([])
  })

  it('would catch syntax newer than that', () => {
    // Class static blocks are ES2022: the parser set to ES2020 must refuse them.
    expect(() => parse('class A { static { } }', { ecmaVersion: ECMA_VERSION })).toThrow()
  })

  it('call no API newer than the declared base library, and the fake has none of them either', () => {
    const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8'))
    expect(BASE_LIBRARY).toBe(project.libVersion)
    expect(NEWER_THAN_BASE.length).toBeGreaterThan(0)
    const used: string[] = []
    for (const file of jsFiles(DIST)) {
      const code = readFileSync(file, 'utf8')
      for (const api of NEWER_THAN_BASE) if (new RegExp(`\\b(?:wx|Taro|taro)\\.${api}\\b`).test(code)) used.push(`${relative(DIST, file)}: ${api}`)
    }
    expect(used).toEqual([])
  })

  it('release builds point at an HTTPS domain, never an IP or plain HTTP (the develop default is refused)', () => {
    expect(releaseApiBaseProblem('http://127.0.0.1:3000', 'https')).toMatch(/HTTPS/)
    expect(releaseApiBaseProblem('https://127.0.0.1', 'https')).toMatch(/IP/)
    expect(releaseApiBaseProblem('https://localhost', 'https')).toMatch(/IP 地址或本机/)
    expect(releaseApiBaseProblem('https://[::1]', 'https')).toMatch(/IP/)
    expect(releaseApiBaseProblem('https://api.example.gov.cn:8443', 'https')).toMatch(/端口/)
    expect(releaseApiBaseProblem('not a url', 'https')).toMatch(/不是网址/)
    expect(releaseApiBaseProblem('https://inspect.example.gov.cn', 'https')).toBeNull()
    expect(releaseApiBaseProblem('', 'cloud')).toBeNull()
  })
})
