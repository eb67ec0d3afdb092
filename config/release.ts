/**
 * What a release build of the weapp must point at. WeChat allows only the HTTPS domains configured
 * for the mini-program (「网络 / 服务器域名配置」: HTTPS only, domain names only, no IP address or
 * localhost). The develop build may use http://127.0.0.1:3000; a release build (`RELEASE=1`) with
 * such an API_BASE stops with this message. Cloud Hosting (API_TRANSPORT=cloud) needs no domain.
 */
export function releaseApiBaseProblem(apiBase: string, transport: string): string | null {
  if (transport === 'cloud') return null
  let url: URL
  try {
    url = new URL(apiBase)
  } catch {
    return `API_BASE「${apiBase}」不是网址：正式版须为已在小程序后台配置的 HTTPS 域名`
  }
  if (url.protocol !== 'https:') return `API_BASE「${apiBase}」不是 HTTPS：正式版只能访问 HTTPS 域名`
  const host = url.hostname
  if (host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')) return `API_BASE「${apiBase}」是 IP 地址或本机：正式版只能访问已配置的域名`
  if (url.port && url.port !== '443') return `API_BASE「${apiBase}」带端口 ${url.port}：服务器域名配置不支持自定义端口以外的写法，请用 443`
  return null
}
