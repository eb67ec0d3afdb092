/**
 * A general word list for the proofreader's guard (a hit inside or across a longer correct word is
 * no hit): jieba's dictionary (MIT, in `@node-rs/jieba`), the words seen often enough in its corpus
 * to be real words rather than its own typos (72,022 words). Read once, on first use: ~0.13 s, the
 * process grows by ~50 MB resident (measured with tsx).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** jieba's dictionary holds common typos too (按装 3, 帐号 39): below this count a word is not trusted. */
export const MIN_WORD_FREQUENCY = 20

let words: Set<string> | null = null

export function commonWords(): Set<string> {
  if (words) return words
  const set = new Set<string>()
  try {
    const text = readFileSync(join(dirname(require.resolve('@node-rs/jieba/package.json')), 'dict.txt'), 'utf8')
    for (const line of text.split('\n')) {
      const sp = line.indexOf(' ')
      if (sp < 2) continue
      const word = line.slice(0, sp)
      const freq = Number(line.slice(sp + 1, line.indexOf(' ', sp + 1)))
      if (freq >= MIN_WORD_FREQUENCY && word.length <= 8) set.add(word)
    }
  } catch {
    // Without the list the proofreader still knows its own allow-list and right forms.
  }
  words = set
  return set
}

export function isCommonWord(w: string): boolean {
  return commonWords().has(w)
}
