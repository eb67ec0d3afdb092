import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { requireRole } from '../auth/session'
import { setupStatus } from '../services/setup'

/** The admin's first-run checklist: what is set up within their scope. */
export async function setupRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts
  app.get('/setup', async (request) => setupStatus(deps, await requireRole(deps, request, ['admin'])))
}
