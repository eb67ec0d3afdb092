/**
 * The container image (Dockerfile) copies only some folders and installs only the production
 * dependencies. Docker cannot run here, so this checks what the image would run: every source
 * file the server (server/main.ts) and its OCR child process (server/ocr/child.ts) import lies in
 * a folder the run stage copies, and every package they import is a production dependency.
 */
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { build } from 'esbuild'

const ROOT = join(__dirname, '../..')

/** The paths the run stage copies from the build stage (`COPY --from=build … /app/<path> ./<path>`). */
function copiedPaths(dockerfile: string): string[] {
  const run = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
  return [...run.matchAll(/^COPY --from=build\s+(?:--chown=\S+\s+)?\/app\/(\S+)\s+\S+$/gm)].map((m) => (m[1] as string).replace(/\/$/, ''))
}

const packageOf = (path: string) => path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/')

describe('the container image', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }

  it('reads the run stage’s copies from the Dockerfile', () => {
    expect(copiedPaths(dockerfile)).toEqual(expect.arrayContaining(['server', 'src/core', 'node_modules', 'dist/h5', 'package.json']))
  })

  it('holds every file the server and its OCR child import, and their packages as production dependencies', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'server/main.ts'), join(ROOT, 'server/ocr/child.ts')],
      bundle: true,
      platform: 'node',
      packages: 'external',
      write: false,
      metafile: true,
      outdir: '/tmp/gnm-image-check',
      logLevel: 'silent',
      absWorkingDir: ROOT
    })
    const copied = copiedPaths(dockerfile)
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs).toContain('server/main.ts')
    expect(inputs.length).toBeGreaterThan(50)
    const outside = inputs.filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)))
    expect(outside).toEqual([])

    const packages = new Set<string>()
    for (const output of Object.values(result.metafile.outputs)) {
      for (const i of output.imports) if (i.external && !i.path.startsWith('node:') && !i.path.startsWith('.')) packages.add(packageOf(i.path))
    }
    expect(packages.size).toBeGreaterThan(5)
    // The OCR packages are installed apart, in ocr/node_modules (docs/ocr.md).
    const ocr = new Set(Object.keys((JSON.parse(readFileSync(join(ROOT, 'ocr/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies))
    const missing = [...packages].filter((p) => !builtinModules.includes(p) && !pkg.dependencies[p] && !ocr.has(p))
    expect(missing).toEqual([])
  })
})
