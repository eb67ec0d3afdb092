import { MAX_NOTE_LENGTH } from '../../src/core/validation'
import { isPracticeTheme, practiceNoteProblem, practiceText, PRACTICE_THEME_LABELS, PRACTICE_THEMES } from '../../src/core/practices'

describe('a good practice’s text', () => {
  it('is the office’s wording when there is one, else the inspector’s note, trimmed either way', () => {
    expect(practiceText({ wording: '  办事指南栏目内容详实。 ', note: '办事指南好' })).toBe('办事指南栏目内容详实。')
    expect(practiceText({ wording: null, note: '  留言当天回复。\n' })).toBe('留言当天回复。')
    expect(practiceText({ wording: '   ', note: ' 每周更新 ' })).toBe('每周更新')
  })

  it('knows its themes and names each in Chinese', () => {
    expect(PRACTICE_THEMES.every(isPracticeTheme)).toBe(true)
    expect(isPracticeTheme('rumour')).toBe(false)
    expect(isPracticeTheme(1)).toBe(false)
    expect(new Set(Object.values(PRACTICE_THEME_LABELS)).size).toBe(PRACTICE_THEMES.length)
  })

  it('refuses an empty note and a note over the limit, with the code the server answers', () => {
    expect(practiceNoteProblem('   ')?.code).toBe('NOTE_REQUIRED')
    expect(practiceNoteProblem('好'.repeat(MAX_NOTE_LENGTH + 1))?.code).toBe('NOTE_TOO_LONG')
    expect(practiceNoteProblem(` ${'好'.repeat(MAX_NOTE_LENGTH)} `)).toBeNull()
    expect(practiceNoteProblem('留言当天回复')).toBeNull()
  })
})
