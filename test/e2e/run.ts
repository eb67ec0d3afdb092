import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './harness'
import { inspectorFindsFailsAndSeesIssue } from './inspector-flow'
import { liaisonSeesOnlyOwnDepartment, sharedListRequiresTheRightRole } from './liaison-flow'
import { leaderSeesFiguresAndAllProblems } from './leader-flow'
import { missingChunkShowsAMessage, offlineSubmitArrivesAfterReload, relaunchOfflineStartsFromTheKeptCopy } from './offline-flow'
import { rectificationLoop } from './rectification-flow'
import { tapTargetsAndTextSizes } from './sizes'
import { fieldWorkInFewTapsAndNothingLost } from './field-flow'
import { desktopSignInByQr } from './sign-in-flow'
import { firstRunInABrowser } from './first-run-flow'
import { adminBringsInAWholeOffice } from './people-onboarding-flow'
import { adminManagesPeople } from './people-flow'
import { adminImportsRegistry } from './import-flow'
import { officeRegistryToCircular } from './office-registry-flow'
import { adminKeepsRegistry } from './registry-flow'
import { adminRunsARound } from './rounds-flow'
import { adminEditsACatalog, districtAdminReadsCitySettings } from './catalog-flow'
import { proofreaderNamesTheReason, screenshotsReadThemselves } from './ocr-flow'
import { liaisonGeneratesTheReport, repeatOffendersInTheCircular } from './report-flow'
import { adminWritesTheCircular, leaderGlancesAtTheRound, practiceFromChecklistToCircular, quickBackShowsThePageAgain } from './summary-flow'

/**
 * Browser tests: the H5 build (dist/h5) in Debian's Chromium at 375×812 against a demo server.
 * Prints "N passed, N failed" and exits non-zero on any failure.
 */
const tests: [string, () => Promise<void>][] = [
  ['an inspector finds 健康无锡, fails a veto item with a screenshot, and sees the issue in the department list', inspectorFindsFailsAndSeesIssue],
  ['a liaison sees only their own department’s issues and downloads them as .xlsx', liaisonSeesOnlyOwnDepartment],
  ['a shared issue list asks for a login and shows only what the role may see', sharedListRequiresTheRightRole],
  ['a leader sees the circular’s figures and all three problems of the round', leaderSeesFiguresAndAllProblems],
  ['an inspection submitted offline survives a reload and arrives with its screenshot when the network returns', offlineSubmitArrivesAfterReload],
  ['a new office: the first admin signs in at a desk with the bind code, follows the setup steps, an inspector signs in on a phone', firstRunInABrowser],
  ['an admin brings in a whole office from a people sheet, invites a unit, and confirms several answers at once', adminBringsInAWholeOffice],
  ['relaunched offline, the app starts from the kept copy, inspects, and refreshes by itself when the network returns', relaunchOfflineStartsFromTheKeptCopy],
  ['a page whose script cannot load says so instead of a dead tap', missingChunkShowsAMessage],
  ['an inspector passes in 4 taps, fails with a screenshot in 6, and a half-filled checklist survives a reload', fieldWorkInFewTapsAndNothingLost],
  ['a desktop browser signs in by QR code, approved from a signed-in phone', desktopSignInByQr],
  ['an admin creates a person with a bind code, deactivates them and reads their history', adminManagesPeople],
  ['an admin imports a registry with two bad rows, downloads the errors, fixes the file and commits', adminImportsRegistry],
  ['an office’s two-sheet registry (totals, a closed row, 县区级, Douyin, an unknown word mapped once) shows its split, becomes a round, and the 数据核对 panel and the circular agree', officeRegistryToCircular],
  ['an admin finds accounts by pinyin and abbreviation, walks the tree, exports, and closes an account', adminKeepsRegistry],
  ['an admin creates a round on a 50 % stratified sample, shares it between two inspectors, moves one account by hand, each sees their share, and closes it', adminRunsARound],
  ['an admin copies a catalog, rewords and re-scores an indicator, is told when a value is out of range, publishes, and a new round offers it', adminEditsACatalog],
  ['a district admin reads the checklist and the wording dictionary, and is offered no change to either', districtAdminReadsCitySettings],
  ['a leader glances at the round’s summary and taps the failing count through to the three accounts', leaderGlancesAtTheRound],
  ['going straight back from a unit’s issues shows the summary again, never a blank page', quickBackShowsThePageAgain],
  ['an admin writes the circular’s good practices, sees them in the preview and downloads the .docx', adminWritesTheCircular],
  ['an inspector records a good practice with a screenshot; the admin rewords and picks it, and the circular names the account', practiceFromChecklistToCircular],
  ['a liaison answers both of the unit’s issues, generates the 整改情况报告 and reads it; the admin sees it generated on 整改情况', liaisonGeneratesTheReport],
  ['over three rounds the summary counts 屡查屡犯, taps through to the two accounts, and the circular names them', repeatOffendersInTheCircular],
  ['every tap target on every page is at least 44 px high, body text 14 px and tags 12 px', tapTargetsAndTextSizes],
  ['a liaison answers, the inspector returns, the liaison answers again, the inspector confirms, and the leader’s counts follow', rectificationLoop],
  ['an inspector attaches an article list, the date it shows is proposed and accepted in one tap, and wording errors in an article are confirmed or dismissed', screenshotsReadThemselves],
  ['the 疑似错敏词 card names a homophone and a leader\'s wrong title with their reasons, and the circular hints a 付 for 副 under the field', proofreaderNamesTheReason]
]

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/h5/index.html'))) {
    console.error('dist/h5 is missing: run `npm run build:h5` first')
    process.exit(1)
  }
  const only = process.argv[2]
  let passed = 0
  let failed = 0
  for (const [name, fn] of tests) {
    if (only && !name.includes(only)) continue
    const started = Date.now()
    try {
      await fn()
      passed += 1
      console.log(`✓ ${name} (${Date.now() - started} ms)`)
    } catch (error) {
      failed += 1
      console.log(`✕ ${name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

void main()
