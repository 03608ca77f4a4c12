// When to try a request again and how long to wait first. Pure functions: http.ts applies them.
//
// - 429: wait as the server says (Retry-After, else X-RateLimit-Reset, else backoff), plus up
//   to 2 s of jitter, and try again for as long as the overall time budget allows: gates in a
//   matrix share one token's rate limit and must still pass.
// - 5xx, dropped connections, timeouts: a few tries with exponential backoff and jitter.
// - Anything else (400/401/403/404/422...): never retried; the answer will not change.
// - Writes (resync, publish) are never repeated once they may have reached the server: only a
//   429, or an error raised before the request left (see wasNotSent), gives another try.

export const MAX_FAILURE_RETRIES = 3
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 8_000
/** A server-given wait longer than this is absurd for a rate limit; back off instead. */
export const MAX_SERVER_WAIT_MS = 120_000
// Larger than any rate limit Document360 documents (60 or 100 a minute).
const MAX_RATE_LIMIT_COUNT = 1_000_000

export type RetryClass = 'rate-limit' | 'failure' | 'final'

export function retryClassOf(status: number): RetryClass {
  if (status === 429) return 'rate-limit'
  if (status === 408 || (status >= 500 && status <= 599)) return 'failure'
  return 'final'
}

/**
 * Whether a write answered with this status (not 2xx) may still have taken effect. Only a 4xx
 * is a refusal (429 included); a 5xx, a 408 or a redirect may come after the change was made.
 */
export function writeMayHaveTakenEffect(status: number): boolean {
  return !(status >= 400 && status < 500 && status !== 408)
}

type Headers = Record<string, string | string[] | undefined>

/**
 * The wait a 429 asks for, in ms, from `Retry-After` (whole seconds, or an HTTP-date) or else
 * `X-RateLimit-Reset` (a UTC epoch in seconds per the V3 spec, seconds-until per V2).
 * Odd values (negative, fractional, not a number or date, a date in the past, absurdly long)
 * count as absent, and an odd Retry-After does not fall back to X-RateLimit-Reset.
 */
export function serverRequestedWaitMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter !== undefined) {
    const waitMs = retryAfterMs(retryAfter, headers, nowMs)
    return waitMs !== undefined && waitMs >= 0 && waitMs <= MAX_SERVER_WAIT_MS ? waitMs : undefined
  }
  const resetAtMs = rateLimitResetAtMs(header(headers, 'x-ratelimit-reset'), nowMs)
  return resetAtMs === undefined ? undefined : resetAtMs - nowMs
}

function retryAfterMs(value: string, headers: Headers, nowMs: number): number | undefined {
  const seconds = wholeSeconds(value)
  if (seconds !== undefined) return seconds * 1000
  const atMs = parseHttpDate(value, nowMs)
  if (atMs === undefined) return undefined
  // Against the server's own clock when it says what time it is: a runner whose clock is off
  // would otherwise wait too long or come back early.
  const serverNowMs = parseHttpDate(header(headers, 'date') ?? '', nowMs)
  return atMs - (serverNowMs ?? nowMs)
}

/** Epoch ms of an `X-RateLimit-Reset` (epoch seconds, or seconds from now) that is sane. */
function rateLimitResetAtMs(value: string | undefined, nowMs: number): number | undefined {
  const reset = wholeSeconds(value)
  if (reset === undefined) return undefined
  // Epoch seconds are ~1.7e9; seconds-until are small. Either way, bound the result.
  const waitMs = reset > 1e9 ? reset * 1000 - nowMs : reset * 1000
  return waitMs >= 0 && waitMs <= MAX_SERVER_WAIT_MS ? nowMs + waitMs : undefined
}

/** The rate-limit budget an answer reports. Each field is absent when missing or odd. */
export interface RateLimit {
  /** Requests allowed per window (`X-RateLimit-Limit`), at least 1. */
  limit?: number
  /** Requests left in this window (`X-RateLimit-Remaining`), never above `limit`. */
  remaining?: number
  /** Epoch ms when the window starts afresh (`X-RateLimit-Reset`), within MAX_SERVER_WAIT_MS. */
  resetAtMs?: number
}

/** The `X-RateLimit-*` headers of an answer, checked; undefined when none is usable. */
export function rateLimitOf(headers: Headers, nowMs: number): RateLimit | undefined {
  const rateLimit: RateLimit = {}
  const limit = wholeSeconds(header(headers, 'x-ratelimit-limit'))
  const remaining = wholeSeconds(header(headers, 'x-ratelimit-remaining'))
  const resetAtMs = rateLimitResetAtMs(header(headers, 'x-ratelimit-reset'), nowMs)
  const limitIsSane = limit === undefined || (limit >= 1 && limit <= MAX_RATE_LIMIT_COUNT)
  // More left than allowed: one of the two is wrong, and we cannot tell which.
  const pairIsSane = limitIsSane && (remaining ?? 0) <= (limit ?? MAX_RATE_LIMIT_COUNT)
  if (pairIsSane && limit !== undefined) rateLimit.limit = limit
  if (pairIsSane && remaining !== undefined) rateLimit.remaining = remaining
  if (resetAtMs !== undefined) rateLimit.resetAtMs = resetAtMs
  return Object.keys(rateLimit).length > 0 ? rateLimit : undefined
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

function wholeSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,10}\s*$/.test(value)) return undefined
  return Number(value)
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const TIME = String.raw`(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})`
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients accept.
const HTTP_DATES = [
  String.raw`(?<day>[a-z]{3}), (?<date>\d{2}) (?<month>[a-z]{3}) (?<year>\d{4}) ${TIME} GMT`,
  String.raw`(?<day>[a-z]{6,9}), (?<date>\d{2})-(?<month>[a-z]{3})-(?<year>\d{2}) ${TIME} GMT`,
  String.raw`(?<day>[a-z]{3}) (?<month>[a-z]{3}) (?<date>[ \d]\d) ${TIME} (?<year>\d{4})`
].map(form => new RegExp(`^${form}$`, 'i'))

/**
 * Epoch ms of an HTTP-date, or undefined when `text` is not a strict one (a wrong weekday, a
 * day the month does not have, a time out of range). Not Date.parse: it takes `1` for a date.
 */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  const value = text.trim()
  const parts = HTTP_DATES.map(form => form.exec(value)?.groups).find(groups => groups)
  if (parts === undefined) return undefined
  const [date, h, m, s] = [parts.date, parts.h, parts.m, parts.s].map(Number)
  const month = MONTHS.indexOf(parts.month?.toLowerCase() ?? '')
  let year = Number(parts.year)
  if (parts.year?.length === 2) {
    // RFC 850's two-digit year: the latest one that is not more than 50 years ahead.
    const thisYear = new Date(nowMs).getUTCFullYear()
    year += Math.floor(thisYear / 100) * 100
    if (year > thisYear + 50) year -= 100
  }
  if (month < 0) return undefined
  const ms = Date.UTC(year, month, date, h, m, s)
  const at = new Date(ms)
  const inRange = (h ?? 0) <= 23 && (m ?? 0) <= 59 && (s ?? 0) <= 59
  if (!inRange || at.getUTCDate() !== date || at.getUTCMonth() !== month) return undefined
  // The weekday must be the date's: `Sun` (IMF-fixdate, asctime) or `Sunday` (RFC 850).
  const weekday = DAYS[at.getUTCDay()] ?? ''
  const name = parts.day?.toLowerCase()
  return name === weekday.slice(0, 3) || name === weekday ? ms : undefined
}

// The shortest wait after a 429 whose server asked for (next to) none.
const MIN_RATE_LIMIT_WAIT_MS = 1000
// After a 429, at most this much (and at most the wait itself) is added at random.
const RATE_LIMIT_SPREAD_MS = 2000

/**
 * The wait after a 429 whose server asked for `serverWaitMs` (undefined: it asked for nothing
 * usable; then an exponential backoff by `attempt`), `random` in [0, 1): at least a second,
 * plus up to 2 s at random, so that gates sharing a token and told the same reset do not all
 * come back at once.
 */
export function rateLimitWaitMs(
  serverWaitMs: number | undefined,
  attempt: number,
  random: number
): number {
  const asked = serverWaitMs ?? backoffMs(Math.min(attempt, 4), random)
  const wait = Math.max(asked, MIN_RATE_LIMIT_WAIT_MS)
  return wait + Math.round(random * Math.min(RATE_LIMIT_SPREAD_MS, wait))
}

/**
 * Exponential backoff with "equal jitter": half of 500 ms × 2^attempt (capped at 8 s) plus a
 * random part up to the other half, so that many gates do not retry in lockstep.
 * `attempt` counts from 0; `random` is in [0, 1).
 */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt)
  return Math.round(ceiling / 2 + random * (ceiling / 2))
}

/** Connection-level failures worth another try (undici and Node error codes). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED'
])

export function isTransientNetworkError(error: unknown): boolean {
  const code = errorCode(error)
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true
  // A proxy that could not open the tunnel because the way on is failing (502, 503, 504).
  const status = proxyTunnelStatus(error)
  return status !== undefined && status >= 502 && status <= 504
}

/**
 * Failures raised before any byte of the request left for Document360: no connection (refused,
 * no route, DNS), a TLS certificate refused during the handshake, a proxy that refused the
 * tunnel, or undici refusing the request itself. A write that failed so did not happen.
 * Everything else (a reset, a timeout, a broken answer) may have reached the server.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

export function wasNotSent(error: unknown): boolean {
  const code = errorCode(error)
  return (code !== undefined && NOT_SENT_CODES.has(code)) || proxyTunnelStatus(error) !== undefined
}

/** Whether a failed write may be tried again: it surely did not leave, and it may work next time. */
export function isRetryableWriteError(error: unknown): boolean {
  return wasNotSent(error) && isTransientNetworkError(error)
}

/**
 * The status a proxy refused the CONNECT tunnel with. undici 6 reports it only in the message
 * of a RequestAbortedError: "Proxy response (407) !== 200 when HTTP Tunneling".
 */
export function proxyTunnelStatus(error: unknown): number | undefined {
  if (errorCode(error) !== 'UND_ERR_ABORTED' || !(error instanceof Error)) return undefined
  const match = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(error.message)
  return match ? Number(match[1]) : undefined
}

export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}
