import { MAX_NOTE_LENGTH } from './validation'

/**
 * Good practices (典型做法): what an inspector saw an account do well, flagged on the checklist
 * with a theme, a note and screenshots; the admin rewords them and picks some for section 二 of
 * the circular, grouped by theme in this order.
 */
export const PRACTICE_THEMES = ['service', 'content', 'interaction', 'other'] as const
export type PracticeTheme = (typeof PRACTICE_THEMES)[number]

export const PRACTICE_THEME_LABELS: Record<PracticeTheme, string> = {
  service: '服务功能',
  content: '内容策划',
  interaction: '互动回应',
  other: '其他'
}

export const isPracticeTheme = (value: unknown): value is PracticeTheme => typeof value === 'string' && (PRACTICE_THEMES as readonly string[]).includes(value)

/** The problem with a practice's note, or null: required, at most MAX_NOTE_LENGTH characters. */
export function practiceNoteProblem(note: string): { code: 'NOTE_REQUIRED' | 'NOTE_TOO_LONG'; message: string } | null {
  const text = note.trim()
  if (text === '') return { code: 'NOTE_REQUIRED', message: '请写明这个账号好在哪里' }
  if (text.length > MAX_NOTE_LENGTH) return { code: 'NOTE_TOO_LONG', message: `典型做法的说明不能超过 ${MAX_NOTE_LENGTH} 字` }
  return null
}

/** What the circular says of a practice: the admin's wording if any, else the inspector's note. */
export const practiceText = (p: { wording: string | null; note: string }): string => (p.wording?.trim() ? p.wording.trim() : p.note.trim())
