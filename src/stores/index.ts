import { DEFAULT_CATALOG_ID, PRACTICE_THEMES } from '../core'
import Taro from '@tarojs/taro'
import { useStore } from 'zustand'
import { createApiClient } from '../api/client'
import { buildTransport } from '../api'
import { platformFiles, wechatCode } from '../platform'
import { createSyncWorker } from '../sync/worker'
import { taroStorage } from './storage'
import { createOfflineCache } from './offline-cache'
import { createSessionStore, type SessionState, type SessionStore } from './session'
import { createRoundStore, type RoundState } from './round'
import { createAccountsStore, type AccountsState } from './accounts'
import { createInspectionStore, type InspectionState } from './inspection'
import { createIssuesStore, type IssuesState } from './issues'
import { createOutboxStore, type OutboxState } from './outbox'
import { createIssueStore, type IssueState } from './issue'
import { createOverviewStore, type OverviewState } from './overview'
import { createWebSignInStore, type WebSignInState } from './web-sign-in'
import { createPeopleStore, type PeopleState } from './people'
import { createAuditStore, type AuditState } from './audit'
import { createRegistryImportStore, type RegistryImportState } from './registry-import'
import { createRegistryStore, type RegistryState } from './registry'
import { createRoundSetupStore, type RoundSetupState } from './round-setup'
import { createCatalogsStore, type CatalogsState } from './catalogs'
import { createAssignmentStore, type AssignmentState } from './assignment'
import { createStatsStore, type StatsState } from './stats'
import { createCircularStore, type CircularState } from './circular'
import { createPracticeStore, type PracticeState } from './practice'
import { createPracticesStore, type PracticesState } from './practices'
import { createReadingsStore, type ReadingsState } from './readings'
import { createLeadersStore, type LeadersState } from './leaders'
import { createProofreadStore, type ProofreadState } from './proofread'
import { createWordingStore, type WordingState } from './wording'
import { createEvidenceSearchStore, type EvidenceSearchState } from './evidence-search'
import { createJoinStore, createOnboardingStore, type JoinState, type OnboardingState } from './onboarding'

/**
 * The module-level store instances of the app and thin hooks over them. Tests build their
 * own stores from the factories with fakes; pages use only these hooks.
 */
let session: SessionStore | null = null
export const api = createApiClient(
  buildTransport(),
  () => session?.getState().token ?? null,
  (token) => session?.getState().ended(token)
)
session = createSessionStore({ api, storage: taroStorage, wechatCode })

export const sessionStore = session
/** What was last loaded, kept on the phone for a start without network (per person; cleared on sign-out). */
export const offlineCache = createOfflineCache({ storage: taroStorage, now: () => Date.now(), userId: () => sessionStore.getState().user?.id ?? null })
export const roundStore = createRoundStore({ api, cache: offlineCache })
export const accountsStore = createAccountsStore({ api, cache: offlineCache })
export const issuesStore = createIssuesStore({ api, cache: offlineCache })
export const outboxStore = createOutboxStore({ storage: taroStorage })

const files = platformFiles()
export const syncWorker = createSyncWorker({
  outbox: outboxStore,
  api,
  files,
  now: () => Date.now(),
  random: Math.random,
  schedule: (ms, fn) => {
    setTimeout(fn, ms)
  }
})
export const inspectionStore = createInspectionStore({ files, outbox: outboxStore, storage: taroStorage, api, onQueued: () => void syncWorker.kick() })
export const issueStore = createIssueStore({ api, files, outbox: outboxStore, onQueued: () => void syncWorker.kick() })
export const overviewStore = createOverviewStore({ api })
export const webSignInStore = createWebSignInStore({ api, session: sessionStore })
export const peopleStore = createPeopleStore({ api })
export const auditStore = createAuditStore({ api })
export const registryImportStore = createRegistryImportStore({ api })
export const registryStore = createRegistryStore({ api })
export const roundSetupStore = createRoundSetupStore({ api, catalogId: DEFAULT_CATALOG_ID })
export const catalogsStore = createCatalogsStore({ api })
export const assignmentStore = createAssignmentStore({ api })
export const statsStore = createStatsStore({ api })
export const circularStore = createCircularStore({ api })
export const practiceStore = createPracticeStore({ files, outbox: outboxStore, onQueued: () => void syncWorker.kick() })
export const practicesStore = createPracticesStore({ api, themes: PRACTICE_THEMES })
export const readingsStore = createReadingsStore({ api, files })
export const wordingStore = createWordingStore({ api })
export const leadersStore = createLeadersStore({ api })
export const proofreadStore = createProofreadStore({ api })
export const evidenceSearchStore = createEvidenceSearchStore({ api })
export const onboardingStore = createOnboardingStore({ api })
export const joinStore = createJoinStore({ api, wechatCode, adopt: (token, user) => sessionStore.getState().adopt(token, user) })

/**
 * Sync resumes at once (not after its back-off) when the network comes back or the app comes
 * to the front (app.ts's useDidShow): WeChat's network-status change; in H5 the browser's
 * `online` and `visibilitychange`. Called once from app.ts.
 */
export function resumeSync(): void {
  if (!sessionStore.getState().token) return
  void syncWorker.resume()
  readingsStore.getState().retry()
  refreshOffline()
}

/** Lists shown from the phone's copy load again (the network is back, or may be). */
export function refreshOffline(): void {
  const user = sessionStore.getState().user
  if (!user) return
  if (roundStore.getState().offline !== null && !roundStore.getState().loading) void roundStore.getState().load({ withSummary: user.role !== 'liaison', withSetup: user.role === 'admin' })
  if (accountsStore.getState().offline !== null && !accountsStore.getState().loading) void accountsStore.getState().reload()
  if (issuesStore.getState().offline !== null && !issuesStore.getState().loading) void issuesStore.getState().refresh()
}

/** While anything is shown from the phone's copy, try the server every few seconds (no tap needed). */
export const OFFLINE_RETRY_MS = 3000
let offlineTimer: ReturnType<typeof setInterval> | null = null
function watchOffline(): void {
  const anyOffline = roundStore.getState().offline !== null || accountsStore.getState().offline !== null || issuesStore.getState().offline !== null
  if (anyOffline && !offlineTimer) offlineTimer = setInterval(refreshOffline, OFFLINE_RETRY_MS)
  if (!anyOffline && offlineTimer) {
    clearInterval(offlineTimer)
    offlineTimer = null
  }
}
roundStore.subscribe(watchOffline)
accountsStore.subscribe(watchOffline)
issuesStore.subscribe(watchOffline)
// Signing out (or a session ended) forgets what was kept for that person.
sessionStore.subscribe((s, prev) => {
  if (prev.user && !s.user) offlineCache.clear()
})

export function startSync(): void {
  const resume = resumeSync
  Taro.onNetworkStatusChange((res) => {
    if (res.isConnected) resume()
  })
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    window.addEventListener('online', resume)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') resume()
    })
  }
}

export const useSession = <T>(selector: (s: SessionState) => T): T => useStore(sessionStore, selector)
export const useOnboarding = <T>(selector: (s: OnboardingState) => T): T => useStore(onboardingStore, selector)
export const useJoin = <T>(selector: (s: JoinState) => T): T => useStore(joinStore, selector)
export const useRound = <T>(selector: (s: RoundState) => T): T => useStore(roundStore, selector)
export const useAccounts = <T>(selector: (s: AccountsState) => T): T => useStore(accountsStore, selector)
export const useInspection = <T>(selector: (s: InspectionState) => T): T => useStore(inspectionStore, selector)
export const useReadings = <T>(selector: (s: ReadingsState) => T): T => useStore(readingsStore, selector)
export const useWording = <T>(selector: (s: WordingState) => T): T => useStore(wordingStore, selector)
export const useLeaders = <T>(selector: (s: LeadersState) => T): T => useStore(leadersStore, selector)
export const useProofread = <T>(selector: (s: ProofreadState) => T): T => useStore(proofreadStore, selector)
export const useEvidenceSearch = <T>(selector: (s: EvidenceSearchState) => T): T => useStore(evidenceSearchStore, selector)
export const useIssues = <T>(selector: (s: IssuesState) => T): T => useStore(issuesStore, selector)
export const useOutbox = <T>(selector: (s: OutboxState) => T): T => useStore(outboxStore, selector)
export const useIssue = <T>(selector: (s: IssueState) => T): T => useStore(issueStore, selector)
export const useOverview = <T>(selector: (s: OverviewState) => T): T => useStore(overviewStore, selector)
export const useWebSignIn = <T>(selector: (s: WebSignInState) => T): T => useStore(webSignInStore, selector)
export const usePeople = <T>(selector: (s: PeopleState) => T): T => useStore(peopleStore, selector)
export const useAudit = <T>(selector: (s: AuditState) => T): T => useStore(auditStore, selector)
export const useRegistryImport = <T>(selector: (s: RegistryImportState) => T): T => useStore(registryImportStore, selector)
export const useRegistry = <T>(selector: (s: RegistryState) => T): T => useStore(registryStore, selector)
export const useRoundSetup = <T>(selector: (s: RoundSetupState) => T): T => useStore(roundSetupStore, selector)
export const useCatalogs = <T>(selector: (s: CatalogsState) => T): T => useStore(catalogsStore, selector)
export const useAssignment = <T>(selector: (s: AssignmentState) => T): T => useStore(assignmentStore, selector)
export const useStats = <T>(selector: (s: StatsState) => T): T => useStore(statsStore, selector)
export const useCircular = <T>(selector: (s: CircularState) => T): T => useStore(circularStore, selector)
export const usePractice = <T>(selector: (s: PracticeState) => T): T => useStore(practiceStore, selector)
export const usePractices = <T>(selector: (s: PracticesState) => T): T => useStore(practicesStore, selector)
