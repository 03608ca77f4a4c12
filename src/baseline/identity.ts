// What makes two findings "the same finding" across imports: severity, path and message.
//
// Paths. Document360 spells a JSON pointer either escaped (`/paths/~1v1~1pets/get`, RFC 6901)
// or unescaped (`/paths/v1/pets/get`), and the unescaped spelling cannot say which `/` is inside
// a key. Without the spec, the only canonical form both spellings share is the flat one: every
// `~1` becomes `/`, every `~0` becomes `~`, runs of `/` become one (the key `/v1/pets` after the
// separator gives `//v1`), and a trailing `/` goes. So `/paths/~1v1~1pets/get`,
// `/paths/v1/pets/get` and `/paths/~1v1/pets/get` are one path. The price: a key holding `/`
// and the same words as nested keys are one path too, which in an OpenAPI document never are
// two places that both exist (path keys start with `/`; nothing under a path item is named like
// a path segment). A URI fragment (`#/paths/...`, percent-encoded) is read as its pointer.

import type { Severity } from '../report/types.ts'
import { collapseSpace } from '../text.ts'

/** What identifies a finding: severity, path and message as Document360 gave them. */
export interface FindingIdentity {
  severity: Severity
  path: string
  message: string
}

/**
 * A finding path as a JSON pointer's text: trimmed, and a URI fragment (`#/paths/...`,
 * percent-encoded) read as the pointer it holds. Escapes (`~1`, `~0`) are left as they are.
 */
export function pointerText(path: string): string {
  const text = path.trim()
  if (!text.startsWith('#')) return text
  try {
    return decodeURIComponent(text.slice(1))
  } catch {
    // Not percent-encoded after all: used as it is.
    return text.slice(1)
  }
}

/** Paths already canonical: start with `/`; no `~`, `//`, trailing `/` or white space at the end. */
const NEEDS_WORK = /~|\/\/|\/$|\s$/

/** The flat, canonical spelling of a finding path (see above); '' for the document itself. */
export function canonicalPointer(path: string): string {
  if (path.charCodeAt(0) === 0x2f && !NEEDS_WORK.test(path)) return path
  let text = pointerText(path)
  // `~1` can never span a `/`, so unescaping the whole text is unescaping each segment.
  text = `/${text}`
  // A key starting with `/` after the separator (`/~1pets`) gives one `/`, not two.
  if (text.includes('~1')) text = text.replaceAll('/~1', '/').replaceAll('~1', '/')
  if (text.includes('~0')) text = text.replaceAll('~0', '~')
  if (text.includes('//')) text = text.replace(/\/{2,}/g, '/')
  return text.endsWith('/') ? text.slice(0, -1) : text
}

/** The message with every run of white space (line breaks too) one space, trimmed. */
export function normalizeMessage(message: string): string {
  return collapseSpace(message)
}
