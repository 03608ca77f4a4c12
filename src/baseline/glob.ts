// Path globs of waivers. A pattern is a finding path in either spelling with wildcards: `*`
// matches any run of characters, `/` included (so `/paths/~1legacy~1*` covers every operation
// under the legacy endpoints), `?` matches one character. Pattern and path are compared in
// their canonical spelling (identity.ts), so escaped and unescaped spellings match alike.
// Matched without regular expressions: at most pattern length × path length steps.

import { canonicalPointer } from './identity.ts'

/** A matcher for canonical paths (see canonicalPointer). */
export function compileGlob(pattern: string): (canonicalPath: string) => boolean {
  const canonical = canonicalPointer(pattern)
  if (!/[*?]/.test(canonical)) return path => path === canonical
  return path => wildcardMatch(canonical, path)
}

/** Whether `text` matches `pattern` as a whole (`*`: any run, `?`: any one character). */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  // Where the last `*` was, and the text position it is currently taken to end at.
  let star = -1
  let starText = 0
  while (t < text.length) {
    const char = pattern[p]
    if (char === '*') {
      star = p++
      starText = t
    } else if (char !== undefined && (char === '?' || char === text[t])) {
      p++
      t++
    } else if (star >= 0) {
      // Let the last `*` take one more character and retry from just after it.
      p = star + 1
      t = ++starText
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}
