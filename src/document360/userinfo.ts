// A URL's userinfo (`user:password@`) is a credential: no message may show any part of it.
// Query strings can carry credentials too (`?api_key=`), so raw URL text is shown without them.

import { oneLine } from '../text.ts'

/**
 * A URL someone typed (an input, an environment variable), fit to quote in a message even
 * when it does not parse: everything up to the last `@` of the authority becomes `***`, and
 * the query and fragment are dropped. One line, at most `max` characters.
 */
export function quotableUrl(text: string, max = 120): string {
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? ''
  let rest = text.slice(scheme.length)
  // The last `@`, not the first: a password may contain `@`, `/`, `?` or `#` unencoded.
  const at = rest.lastIndexOf('@')
  if (at >= 0) rest = `***${rest.slice(at)}`
  const cut = rest.search(/[?#]/)
  if (cut >= 0) rest = `${rest.slice(0, cut)}…`
  return oneLine(`${scheme.trim()}${rest}`, max)
}

// `scheme://userinfo@` inside free text; URLs printed by Node or undici are percent-encoded,
// so their userinfo holds no `/`, `?`, `#`, `@` or space.
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi

/** `text` with the userinfo of every URL in it replaced by `***`. */
export function hideUserinfo(text: string): string {
  return text.replace(USERINFO_IN_TEXT, '$1***@')
}
