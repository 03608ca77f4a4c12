// Reading an answer's body: bounded in size (before and after decompression), decoded from
// gzip, deflate or br (undici.request does not), a UTF-8 BOM removed, parsed with secrets
// removed, and described in messages as text only: bytes that are not text are never printed.

import { promisify } from 'node:util'
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib'
import { formatCount, oneLine, redact } from '../text.ts'

/** What the gate asks for: encodings it decodes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

export interface Body {
  /**
   * The decoded body as UTF-8 text, BOM removed; '' when it could not be decoded. Invalid
   * bytes become U+FFFD: a stray one inside a finding's message must not fail the run.
   */
  text: string
  /** Decoded size in bytes. */
  size: number
  /** Why the body could not be read or decoded at all ("larger than …", "does not decode"). */
  unusable?: string
}

const BOM = '\uFEFF'
// Not text: invalid UTF-8 (decoded as U+FFFD) or control characters no JSON or HTML has.
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/

/** Reads the whole body, refusing more than `maxBytes` (the transfer, compressed or not). */
export async function readBody(
  stream: AsyncIterable<Buffer>,
  contentEncoding: string | string[] | undefined,
  maxBytes: number
): Promise<Body> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.length
    // Leaving the loop destroys the stream: the rest is never read.
    if (size > maxBytes) return unusable(`the answer is larger than ${maxBytes} bytes`)
    chunks.push(chunk)
  }
  const raw = Buffer.concat(chunks)
  const decoded = await decode(raw, encodingsOf(contentEncoding), maxBytes)
  if (typeof decoded === 'string') return unusable(decoded)
  const text = decoded.toString('utf8')
  return { text: text.startsWith(BOM) ? text.slice(1) : text, size: decoded.length }
}

function unusable(reason: string): Body {
  return { text: '', size: 0, unusable: reason }
}

/** The codings applied, first applied first; `identity` dropped. */
function encodingsOf(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '')
  return value
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding !== '' && coding !== 'identity')
}

const TOO_LARGE = 'ERR_BUFFER_TOO_LARGE'
type Decoder = (data: Buffer, options: ZlibOptions) => Promise<Buffer>
const gunzipAsync: Decoder = promisify(gunzip)
const inflateAsync: Decoder = promisify(inflate)
const inflateRawAsync: Decoder = promisify(inflateRaw)
// A Map, not an object: a coding named `constructor` must not find Object's.
const DECODERS = new Map<string, Decoder>([
  ['gzip', gunzipAsync],
  ['x-gzip', gunzipAsync],
  ['br', promisify(brotliDecompress)],
  [
    // zlib-wrapped by the standard, but some servers send it raw.
    'deflate',
    (data, options) =>
      inflateAsync(data, options).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === TOO_LARGE) throw error
        return inflateRawAsync(data, options)
      })
  ]
])
const MAX_CODINGS = 3

/** The decoded bytes, or why they cannot be had. Never more than `maxBytes` of output. */
async function decode(raw: Buffer, codings: string[], maxBytes: number): Promise<Buffer | string> {
  if (codings.length === 0 || raw.length === 0) return raw
  if (codings.length > MAX_CODINGS) return `the answer is encoded ${codings.length} times over`
  let data = raw
  for (const coding of codings.reverse()) {
    const decoder = DECODERS.get(coding)
    const name = /^[a-z0-9._-]{1,20}$/.test(coding) ? `"${coding}"` : 'an unknown encoding'
    if (decoder === undefined) {
      return `the answer is encoded as ${name} (Content-Encoding), which the gate cannot decode`
    }
    try {
      // maxOutputLength stops a small "zip bomb" from filling memory.
      data = await decoder(data, { maxOutputLength: maxBytes })
    } catch (error) {
      const code = (error as { code?: unknown }).code
      return code === TOO_LARGE
        ? `the answer is larger than ${maxBytes} bytes once decompressed (${name})`
        : `the answer is marked as ${name} (Content-Encoding) but does not decode`
    }
  }
  return data
}

/**
 * JSON.parse, with the secrets removed from every string value, before anything truncates or
 * prints them: a token echoed back (even JSON-escaped, `\u002B`) must not reach a message, a
 * finding or the log, not even cut in half by a length cap.
 */
export function parseJson(text: string, secrets: readonly string[]): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? redact(value, secrets) : value
  )
}

// The characters that matter to repeatedKey's scan: brackets and the quote that opens a string.
const STRUCTURE = /[{}[\]"]/g
const BLANK = /[ \t\n\r]*/y

/**
 * The first key that one object of `text` (JSON that has parsed) holds twice, if any.
 * JSON.parse keeps the last value of a repeated key, so `{"status": "Failed", "status":
 * "Completed"}` would read as a success: such a body is ambiguous, and the gate does not guess.
 * A scan, not a second parser: the text is already known to be valid JSON.
 */
export function repeatedKey(text: string): string | undefined {
  // One entry per open bracket: the keys seen so far in an object, undefined in an array.
  const open: (Set<string> | undefined)[] = []
  STRUCTURE.lastIndex = 0
  for (let found = STRUCTURE.exec(text); found !== null; found = STRUCTURE.exec(text)) {
    const at = found.index
    const char = found[0]
    if (char === '{') open.push(new Set())
    else if (char === '[') open.push(undefined)
    else if (char !== '"') open.pop()
    else {
      const end = closingQuote(text, at)
      STRUCTURE.lastIndex = end + 1
      const keys = open.at(-1)
      BLANK.lastIndex = end + 1
      BLANK.test(text)
      // In an object, a string followed by a colon is a key; any other string is a value.
      if (keys === undefined || text.charAt(BLANK.lastIndex) !== ':') continue
      const raw = text.slice(at, end + 1)
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1)
      if (keys.has(key)) return key
      keys.add(key)
    }
  }
  return undefined
}

/** The index of the quote that closes the string opening at `start`. */
function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1)
  for (;;) {
    if (end === -1) return text.length // not JSON after all: nothing more to scan
    let backslashes = 0
    while (text.charAt(end - 1 - backslashes) === '\\') backslashes++
    if (backslashes % 2 === 0) return end
    end = text.indexOf('"', end + 1)
  }
}

/** A short, tag-free, single-line excerpt of a body that is not what we expected. */
export function describeBody(body: Body, secrets: readonly string[]): string {
  if (body.unusable !== undefined) return body.unusable
  if (body.text.trim() === '') return 'empty body'
  if (BINARY.test(body.text)) return `binary body of ${formatCount(body.size)} bytes`
  const text = oneLine(redact(body.text.replace(/<[^>]*>/g, ' '), secrets), 120)
  return `body starts: "${text}"`
}
