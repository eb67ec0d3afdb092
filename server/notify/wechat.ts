/**
 * WeChat subscribe messages (订阅消息). One interface; the HTTPS implementation talks to the
 * WeChat API (access token cached until shortly before it expires, refreshed once on 40001/42001).
 * Tests run it against a local fake of the WeChat API.
 */
export interface SubscribeMessage {
  openid: string
  templateId: string
  /** The mini-program page the message opens. */
  page: string
  data: Record<string, { value: string }>
}

export type SendResult = { ok: true } | { ok: false; code: number; message: string; refused: boolean }

export interface SubscribeMessageClient {
  send(message: SubscribeMessage): Promise<SendResult>
}

/** WeChat's codes for "this user has no subscription for that template" and similar refusals. */
const REFUSED = new Set([43101, 43107, 40003])
const TOKEN_INVALID = new Set([40001, 42001, 40014])

export function createWeChatClient(options: {
  appId: string
  secret: string
  baseUrl?: string
  /** 'formal' | 'trial' | 'developer'. */
  state?: string
  fetch?: typeof fetch
  now?: () => number
}): SubscribeMessageClient {
  const base = options.baseUrl ?? 'https://api.weixin.qq.com'
  const http = options.fetch ?? fetch
  const now = options.now ?? (() => Date.now())
  let token: { value: string; until: number } | null = null

  async function accessToken(force: boolean): Promise<string> {
    if (!force && token && token.until > now()) return token.value
    const res = await http(`${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.secret)}`)
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new Error(`WeChat token: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`)
    token = { value: body.access_token, until: now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }

  async function post(message: SubscribeMessage, force: boolean): Promise<{ errcode: number; errmsg: string }> {
    const res = await http(`${base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(await accessToken(force))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: message.openid, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: options.state ?? 'formal', lang: 'zh_CN' })
    })
    const body = (await res.json()) as { errcode?: number; errmsg?: string }
    return { errcode: body.errcode ?? (res.ok ? 0 : res.status), errmsg: body.errmsg ?? '' }
  }

  return {
    async send(message) {
      let result = await post(message, false)
      if (TOKEN_INVALID.has(result.errcode)) result = await post(message, true)
      if (result.errcode === 0) return { ok: true }
      return { ok: false, code: result.errcode, message: result.errmsg, refused: REFUSED.has(result.errcode) }
    }
  }
}
