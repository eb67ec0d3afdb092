import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { ALL_ROLES, loginAs, requireRole, toSessionUser } from '../auth/session'
import { listUsers } from '../db/repos/users'
import { AppError } from '../errors'

export async function authRoutes(app: FastifyInstance, opts: { deps: Deps; demo: boolean }): Promise<void> {
  const { deps, demo } = opts
  const demoOnly = () => {
    if (!demo) throw new AppError(404, 'NOT_FOUND', '接口不存在')
  }

  app.get('/auth/demo-users', async () => {
    demoOnly()
    const users = await listUsers(deps.db, 100)
    return {
      items: users.map((u) => {
        const s = toSessionUser(u)
        return { username: s.username, name: s.name, role: s.role, departmentId: s.departmentId, departmentName: s.departmentName }
      })
    }
  })

  app.post<{ Body: { username: string } }>(
    '/auth/demo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 } }
        }
      }
    },
    async (request) => {
      demoOnly()
      return loginAs(deps, request.body.username)
    }
  )

  app.get('/me', async (request) => ({ user: await requireRole(deps, request, ALL_ROLES) }))
}
