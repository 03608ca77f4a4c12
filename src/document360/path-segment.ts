// An id (project-id, api-reference-id, log-id, or a log id Document360 sent) becomes one path
// segment of a token-bearing request. `.` and `..` would move the request to another endpoint
// of the same host, and `/` or `\` would once a server or proxy decodes `%2F`/`%5C`: such ids
// are refused, whoever gave them. Everything else is sent percent-encoded (encodeURIComponent),
// so `?`, `#`, `%`, spaces and other text stay inside the segment.

import { compatible, hasControlCharacter } from '../text.ts'

/** What makes an id unusable as a path segment; undefined when it is usable. */
export function pathSegmentProblem(id: string): string | undefined {
  if (hasControlCharacter(id)) return 'contains a control character or line break'
  const decoded = percentDecoded(id.trim())
  if (hasControlCharacter(decoded)) return 'contains a percent-encoded control character'
  // NFKC: a fullwidth `．` or `／` is a dot or slash to a server that normalises Unicode.
  const plain = compatible(decoded).trim()
  if (plain === '') return 'is empty'
  if (plain === '.' || plain === '..') {
    return 'is "." or ".." (once trimmed or percent-decoded), which would change the request path'
  }
  if (/[/\\]/.test(plain)) {
    return 'contains "/" or "\\" (perhaps percent-encoded), which would change the request path'
  }
  return undefined
}

/** Decodes percent-escapes until none is left (bounded): a server may decode more than once. */
function percentDecoded(text: string): string {
  let current = text
  for (let round = 0; round < 5; round++) {
    const next = current.replace(/(?:%[0-9a-f]{2})+/gi, decodeRun)
    if (next === current) return current
    current = next
  }
  return current
}

/** One run of escapes; bytes that are not UTF-8 decode one by one where they are ASCII. */
function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run)
  } catch {
    return run.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16))
    )
  }
}
