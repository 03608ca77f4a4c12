// When to try a request again and how long to wait first. Pure functions: http.ts applies them.
//
// - 429: wait as the server says (Retry-After, else X-RateLimit-Reset, else backoff) and try
//   again for as long as the overall time budget allows: gates in a matrix share one token's
//   rate limit and must still pass.
// - 5xx, dropped connections, timeouts: a few tries with exponential backoff and jitter.
// - Anything else (400/401/403/404/422...): never retried; the answer will not change.

export const MAX_FAILURE_RETRIES = 3
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 8_000
/** A server-given wait longer than this is absurd for a rate limit; back off instead. */
export const MAX_SERVER_WAIT_MS = 120_000

export type RetryClass = 'rate-limit' | 'failure' | 'final'

export function retryClassOf(status: number): RetryClass {
  if (status === 429) return 'rate-limit'
  if (status === 408 || (status >= 500 && status <= 599)) return 'failure'
  return 'final'
}

/**
 * The wait a 429 asks for, in ms, from `Retry-After` (whole seconds) or else
 * `X-RateLimit-Reset` (a UTC epoch in seconds per the V3 spec, seconds-until per V2).
 * Odd values (negative, fractional, not a number, absurdly long) count as absent.
 */
export function serverRequestedWaitMs(
  headers: Record<string, string | string[] | undefined>,
  nowMs: number
): number | undefined {
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter !== undefined) {
    const seconds = wholeSeconds(retryAfter)
    if (seconds !== undefined && seconds * 1000 <= MAX_SERVER_WAIT_MS) return seconds * 1000
    return undefined
  }
  const reset = wholeSeconds(header(headers, 'x-ratelimit-reset'))
  if (reset === undefined) return undefined
  // Epoch seconds are ~1.7e9; seconds-until are small. Either way, bound the result.
  const waitMs = reset > 1e9 ? reset * 1000 - nowMs : reset * 1000
  return waitMs >= 0 && waitMs <= MAX_SERVER_WAIT_MS ? waitMs : undefined
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string
): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

function wholeSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,10}\s*$/.test(value)) return undefined
  return Number(value)
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
  return code !== undefined && TRANSIENT_CODES.has(code)
}

export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}
