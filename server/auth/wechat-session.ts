import { AppError } from '../errors'

/**
 * WeChat's code2session (`GET /sns/jscode2session`): a login code from `wx.login` becomes the
 * user's openid. The session_key it also returns never leaves this function.
 */
export interface Code2Session {
  openid(code: string): Promise<string>
  /**
   * The mobile number a person confirmed with the mini-program's phone button (`getPhoneNumber`):
   * its one-time code → `POST /wxa/business/getuserphonenumber` with the app's access token
   * (`GET /cgi-bin/token`, kept until shortly before it expires). Mainland numbers without +86.
   */
  phoneNumber(code: string): Promise<string>
}

/** WeChat's busy signal: worth one more try after a moment. */
const RETRY = new Set([-1, 45011])

export function createCode2Session(options: { appId: string; secret: string; baseUrl?: string; fetch?: typeof fetch; retryDelayMs?: number }): Code2Session {
  const base = options.baseUrl ?? 'https://api.weixin.qq.com'
  const http = options.fetch ?? fetch
  const call = async (code: string) => {
    const url = `${base}/sns/jscode2session?appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.secret)}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`
    let res: Response
    try {
      res = await http(url)
    } catch {
      throw new AppError(502, 'WECHAT_UNREACHABLE', '暂时无法连接微信服务器，请稍后再试')
    }
    const body = (await res.json().catch(() => ({}))) as { openid?: string; session_key?: string; errcode?: number; errmsg?: string }
    return body
  }
  let token: { value: string; until: number } | null = null
  const accessToken = async (): Promise<string> => {
    if (token && token.until > Date.now()) return token.value
    let res: Response
    try {
      res = await http(`${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.secret)}`)
    } catch {
      throw new AppError(502, 'WECHAT_UNREACHABLE', '暂时无法连接微信服务器，请稍后再试')
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; errcode?: number }
    if (!body.access_token) throw new AppError(502, 'WECHAT_ERROR', `获取微信接口凭证失败（${body.errcode ?? '无响应'}），请稍后再试`)
    // Five minutes' margin: WeChat refreshes the token itself around expiry.
    token = { value: body.access_token, until: Date.now() + Math.max(0, (body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }
  return {
    async phoneNumber(code) {
      const ask = async () => {
        let res: Response
        try {
          res = await http(`${base}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(await accessToken())}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code })
          })
        } catch {
          throw new AppError(502, 'WECHAT_UNREACHABLE', '暂时无法连接微信服务器，请稍后再试')
        }
        return (await res.json().catch(() => ({}))) as { errcode?: number; phone_info?: { purePhoneNumber?: string; countryCode?: string | number } }
      }
      let body = await ask()
      // An access token WeChat no longer accepts (40001, 42001): fetch a new one and ask once more.
      if (body.errcode === 40001 || body.errcode === 42001) {
        token = null
        body = await ask()
      }
      const phone = body.phone_info?.purePhoneNumber
      if (!body.errcode && phone) return phone
      if (body.errcode === 40029) throw new AppError(400, 'PHONE_CODE_INVALID', '手机号验证已失效，请重新点击「确认手机号」')
      throw new AppError(502, 'WECHAT_ERROR', `获取手机号失败（${body.errcode ?? '无响应'}），请稍后再试`)
    },
    async openid(code) {
      let body = await call(code)
      for (let attempt = 1; attempt < 3 && body.errcode !== undefined && RETRY.has(body.errcode); attempt++) {
        await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 300 * attempt))
        body = await call(code)
      }
      if (body.openid && !body.errcode) return body.openid
      switch (body.errcode) {
        case 40029:
        case 40163:
          throw new AppError(400, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已使用，请重新点击微信登录')
        case 45011:
          throw new AppError(429, 'WECHAT_RATE_LIMITED', '登录过于频繁，请一分钟后再试')
        case -1:
          throw new AppError(503, 'WECHAT_BUSY', '微信服务器繁忙，请稍后再试')
        default:
          throw new AppError(502, 'WECHAT_ERROR', `微信登录失败（${body.errcode ?? '无响应'}），请稍后再试`)
      }
    }
  }
}
