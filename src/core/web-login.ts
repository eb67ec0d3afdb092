/** What the desktop sign-in QR code holds: a prefix and the ticket id (nothing secret: it is approved on a phone). */
export const WEB_LOGIN_PREFIX = 'gnm-web-login:'

export function webLoginQr(ticketId: string): string {
  return `${WEB_LOGIN_PREFIX}${ticketId}`
}

/** The ticket id from a scanned code, or null when the code is something else. */
export function parseWebLoginQr(scanned: string): string | null {
  if (!scanned.startsWith(WEB_LOGIN_PREFIX)) return null
  const id = scanned.slice(WEB_LOGIN_PREFIX.length)
  return /^w-[A-Za-z0-9_-]{10,40}$/.test(id) ? id : null
}

/** What a unit's invitation QR code holds: scanned in the mini-program, it opens the join page. */
export const JOIN_PREFIX = 'gnm-join:'

export function joinQr(token: string): string {
  return `${JOIN_PREFIX}${token}`
}

/** The invitation token from a scanned code (or a shared page path), or null when it is something else. */
export function parseJoinQr(scanned: string): string | null {
  const token = scanned.startsWith(JOIN_PREFIX) ? scanned.slice(JOIN_PREFIX.length) : (/[?&]t=([A-Za-z0-9_-]+)/.exec(scanned)?.[1] ?? '')
  return /^[A-Za-z0-9_-]{16,64}$/.test(token) ? token : null
}
