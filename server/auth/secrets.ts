import { createHash } from 'node:crypto'

/**
 * Bearer secrets — session tokens, WeChat sign-in tickets, desktop sign-in tickets — are stored
 * as their SHA-256 (hex), never as themselves: whoever reads the database or a backup cannot sign
 * in with what they find. The secret is random (144 bits or more), so a plain hash suffices.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
