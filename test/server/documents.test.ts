import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import JSZip from 'jszip'
import { SaxesParser } from 'saxes'
import { xmlSafe } from '../../server/documents/safe-text'
import { login, startServer, type TestServer } from './harness'

/**
 * Whatever text people or files put in — control characters, U+FFFE, lone surrogates — every
 * document the server writes is well-formed XML in every part (a strict parser reads each one, as
 * Word and LibreOffice do). The text is written straight into the database, the way a row from
 * before any check, or from another client, would hold it.
 */
async function parts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes)
  const out = new Map<string, string>()
  for (const name of Object.keys(zip.files)) if (/\.(xml|rels)$/.test(name)) out.set(name, await (zip.file(name) as JSZip.JSZipObject).async('string'))
  return out
}

function wellFormed(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: false })
  let error: string | null = null
  parser.on('error', (e) => {
    error ??= e.message
  })
  try {
    parser.write(xml).close()
  } catch (e) {
    error ??= (e as Error).message
  }
  return error
}

/** Any UTF-16 code units, control characters and lone surrogates included, with some Chinese. */
const anyText = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), fc.constantFrom('\u000b', '\ufffe', '\uffff', '\u0000', '\ud800', '政', '务')), minLength: 1, maxLength: 40 })

describe('xmlSafe', () => {
  it('leaves legal text alone and removes every character XML 1.0 forbids', () => {
    expect(xmlSafe('锡山发布\t第1条\n😀')).toBe('锡山发布\t第1条\n😀')
    expect(xmlSafe('a\u000bb\u000cc')).toBe('a\nb\nc')
    expect(xmlSafe('a\u0000\u0008\u001f\ufffe\uffffb')).toBe('ab')
    expect(xmlSafe('x\ud800y\udc00z')).toBe('xyz')
    fc.assert(
      fc.property(anyText, (t) => {
        const safe = xmlSafe(t)
        expect(wellFormed(`<a>${safe.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</a>`)).toBeNull()
        expect(xmlSafe(safe)).toBe(safe)
      }),
      { numRuns: 500 }
    )
  })
})

describe('every document the server writes, with random Unicode in every free-text field', () => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer('sqlite')
    admin = await login(server.app, 'admin')
  })
  afterAll(async () => {
    await server.close()
  })

  it('opens: every XML part of the circular, the issue list and the registry export is well-formed', async () => {
    const db = server.deps.db
    const issue = await db.selectFrom('issues').select(['id', 'account_id', 'department_id']).where('round_id', '=', 'r-2024q2').executeTakeFirstOrThrow()
    const practice = await db.selectFrom('practices').select('id').executeTakeFirstOrThrow()
    let runs = 0
    await fc.assert(
      fc.asyncProperty(fc.record({ account: anyText, unit: anyText, finding: anyText, office: anyText, title: anyText, docNo: anyText, practices: anyText, nextSteps: anyText, wording: anyText, answer: anyText }), async (t) => {
        runs += 1
        await db.updateTable('accounts').set({ name: t.account }).where('id', '=', issue.account_id).execute()
        await db.updateTable('departments').set({ name: t.unit, short_name: t.unit }).where('id', '=', issue.department_id).execute()
        await db.updateTable('issues').set({ finding: t.finding }).where('id', '=', issue.id).execute()
        await db.updateTable('issue_events').set({ note: t.answer }).where('issue_id', '=', issue.id).execute()
        await db.updateTable('practices').set({ wording: t.wording, picked: 1 }).where('id', '=', practice.id).execute()
        await db.deleteFrom('circulars').where('round_id', '=', 'r-2024q2').execute()
        await db.insertInto('circulars').values({ round_id: 'r-2024q2', office: t.office, doc_no: t.docNo, title: t.title, practices: t.practices, next_steps: t.nextSteps, updated_at: new Date().toISOString(), updated_by: null }).execute()
        for (const url of ['/api/v1/rounds/r-2024q2/circular.docx', '/api/v1/rounds/r-2024q2/issues.xlsx', '/api/v1/registry/export.xlsx']) {
          const res = await server.app.inject({ method: 'GET', url, headers: admin })
          expect([url, res.statusCode]).toEqual([url, 200])
          for (const [name, xml] of await parts(res.rawPayload)) {
            const problem = wellFormed(xml)
            if (problem) throw new Error(`${url} ${name}: ${problem}`)
          }
        }
      }),
      { numRuns: 15 }
    )
    expect(runs).toBe(15)
  }, 120000)

  /** LibreOffice, where installed (CI installs it): it opens the documents the last random run left behind. */
  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim()
  ;(soffice ? it : it.skip)('opens in LibreOffice, random text and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnm-lo-'))
    try {
      const files: string[] = []
      for (const [url, name] of [['/api/v1/rounds/r-2024q2/circular.docx', 'circular.docx'], ['/api/v1/rounds/r-2024q2/issues.xlsx', 'issues.xlsx']] as const) {
        const res = await server.app.inject({ method: 'GET', url, headers: admin })
        writeFileSync(join(dir, name), res.rawPayload)
        files.push(join(dir, name))
      }
      execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, ...files], { timeout: 120000, stdio: 'ignore' })
      for (const name of ['circular.pdf', 'issues.pdf']) {
        expect(existsSync(join(dir, name))).toBe(true)
        expect(statSync(join(dir, name)).size).toBeGreaterThan(1000)
      }
      expect(readdirSync(dir).filter((f) => f.endsWith('.pdf')).length).toBe(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180000)
})
