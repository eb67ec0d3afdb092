import { AppError } from '../errors'

/**
 * WeChat's code2session (`GET /sns/jscode2session`): a login code from `wx.login` becomes the
 * user's openid. The session_key it also returns never leaves this function.
 */
export interface Code2Session {
  openid(code: string): Promise<string>
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
  return {
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
