import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps'
import { requireRole } from '../auth/session'
import { recordSubscriptions, runDeadlineReminders, type ReminderKind } from '../services/reminders'
import { AppError } from '../errors'

export async function reminderRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts

  /** The liaison accepted subscribe messages (Taro.requestSubscribeMessage): one message per acceptance. */
  app.post<{ Body: { kinds: ReminderKind[] } }>(
    '/subscriptions',
    {
      schema: {
        body: {
          type: 'object',
          required: ['kinds'],
          additionalProperties: false,
          properties: { kinds: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['deadline', 'returned'] } } }
        }
      }
    },
    async (request) => {
      const user = await requireRole(deps, request, ['liaison'])
      return { remaining: await recordSubscriptions(deps, user.id, request.body.kinds) }
    }
  )

  /** Runs the deadline reminders now (the server also runs them every hour when configured). */
  app.post('/reminders/run', async (request) => {
    await requireRole(deps, request, ['admin'])
    if (!deps.reminders) throw new AppError(409, 'REMINDERS_NOT_CONFIGURED', '服务器未配置微信订阅消息（WECHAT_APPID 等）')
    return runDeadlineReminders(deps, deps.reminders)
  })
}
