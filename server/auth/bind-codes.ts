import { createHash, randomInt } from 'node:crypto'

/** Letters and digits a person cannot mistake for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const BIND_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const BIND_CODE_LENGTH = 8
export const BIND_CODE_TTL_MS = 7 * 24 * 3600 * 1000

export function newBindCode(): string {
  let code = ''
  for (let i = 0; i < BIND_CODE_LENGTH; i++) code += BIND_CODE_ALPHABET[randomInt(BIND_CODE_ALPHABET.length)]
  return code
}

/** What is stored: never the code itself. Input is normalised (case, spaces, dashes) first. */
export function hashBindCode(code: string): string {
  return createHash('sha256').update(normaliseBindCode(code)).digest('hex')
}

export function normaliseBindCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}
