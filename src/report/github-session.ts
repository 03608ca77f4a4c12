// The exchange with GitHub's REST API that a report channel needs when it sends many
// requests: one at a time, writes paced, rate-limit answers retried after the time GitHub
// names (Retry-After, else the reset time, else a minute, doubling), reads retried after
// a server error, and nothing started that could not end before the step's deadline.
// @actions/github's Octokit retries and throttles nothing itself, so this is the only layer.

import { systemClock, type Clock } from '../clock.ts'
import { hasControlCharacter, oneLine, primitiveText } from '../text.ts'

/** GitHub's guidance for many writes: at least one second between them. */
export const DEFAULT_WRITE_INTERVAL_MS = 1_000
export const MAX_RATE_LIMIT_RETRIES = 3
const REQUEST_TIMEOUT_MS = 20_000
/** Not worth starting a request with less time than this left. */
const MIN_REQUEST_MS = 1_000
const MAX_READ_RETRIES = 2
/** Without Retry-After or a reset time, GitHub asks for at least a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000

export interface SessionOptions {
  /** Epoch ms by which every request has ended. */
  deadlineMs: number
  /** Least time from one write's start to the next. Default DEFAULT_WRITE_INTERVAL_MS. */
  writeIntervalMs?: number
  clock?: Clock
}

/**
 * One request at a time: writes at least `writeIntervalMs` apart, rate-limit answers
 * retried after the time GitHub names, everything within the deadline. A write that may
 * have reached GitHub is never repeated (annotations would be appended twice); a
 * rate-limit answer means it was not processed.
 */
export class Session {
  requests = 0
  private lastWriteMs: number | undefined
  private readonly clock: Clock
  private readonly deadlineMs: number
  private readonly writeIntervalMs: number

  constructor(options: SessionOptions) {
    this.clock = options.clock ?? systemClock
    this.deadlineMs = options.deadlineMs
    this.writeIntervalMs = options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS
  }

  read<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.send(send, false)
  }

  write<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.send(send, true)
  }

  private async send<T>(send: (signal: AbortSignal) => Promise<T>, isWrite: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (isWrite && this.lastWriteMs !== undefined) {
        await this.waitUntil(this.lastWriteMs + this.writeIntervalMs)
      }
      const left = this.deadlineMs - this.clock.now()
      if (left < MIN_REQUEST_MS) throw new OutOfTime()
      if (isWrite) this.lastWriteMs = this.clock.now()
      this.requests++
      try {
        return await send(AbortSignal.timeout(Math.min(left, REQUEST_TIMEOUT_MS)))
      } catch (caught) {
        const error = HttpError.from(caught)
        const waitMs = rateLimitWaitMs(error, this.clock.now(), attempt)
        if (waitMs !== undefined && error instanceof HttpError) {
          if (attempt >= MAX_RATE_LIMIT_RETRIES) throw new RateLimited(error, undefined)
          if (this.clock.now() + waitMs + MIN_REQUEST_MS > this.deadlineMs) {
            throw new RateLimited(error, waitMs)
          }
          await this.clock.sleep(waitMs)
          continue
        }
        // A read changes nothing: a server error or a lost connection may be tried again.
        if (!isWrite && attempt < MAX_READ_RETRIES && isTransient(error)) {
          await this.waitUntil(this.clock.now() + 1_000 * 2 ** attempt)
          continue
        }
        throw error
      }
    }
  }

  private async waitUntil(atMs: number): Promise<void> {
    const waitMs = atMs - this.clock.now()
    if (waitMs > 0) await this.clock.sleep(waitMs)
  }
}

/**
 * How long GitHub asks to wait before trying again, for rate-limit answers (429, or 403
 * naming a rate limit or with no requests remaining); undefined for any other failure.
 */
export function rateLimitWaitMs(
  error: unknown,
  nowMs: number,
  attempt: number
): number | undefined {
  if (!(error instanceof HttpError)) return undefined
  const headers = error.headers
  const exhausted = headers['x-ratelimit-remaining'] === '0'
  const limited =
    error.status === 429 ||
    (error.status === 403 && (exhausted || /rate limit|abuse/i.test(error.apiMessage)))
  if (!limited) return undefined
  const retryAfter = headers['retry-after']
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs)
  }
  const reset = headers['x-ratelimit-reset']
  if (exhausted && reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs)
  }
  // GitHub: at least a minute, then exponentially longer.
  return DEFAULT_RATE_LIMIT_WAIT_MS * 2 ** attempt
}

/** An answer GitHub gave (status, headers, its message), or a request that got none. */
export class HttpError extends Error {
  readonly status: number
  readonly headers: Record<string, string>
  readonly apiMessage: string

  constructor(status: number, headers: Record<string, string>, apiMessage: string, cause: unknown) {
    super(`HTTP ${status}`, { cause })
    this.status = status
    this.headers = headers
    this.apiMessage = apiMessage
  }

  /** Octokit's RequestError with a response → HttpError; anything else unchanged. */
  static from(error: unknown): unknown {
    const failure = error as
      | { status?: unknown; response?: { headers?: Record<string, unknown>; data?: unknown } }
      | undefined
    if (!failure?.response || typeof failure.status !== 'number') return error
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(failure.response.headers ?? {})) {
      const text = primitiveText(value)
      if (text !== '') headers[name.toLowerCase()] = text
    }
    const data = failure.response.data as { message?: unknown } | undefined
    return new HttpError(failure.status, headers, oneLine(primitiveText(data?.message), 300), error)
  }
}

/**
 * Why a (trimmed) github-token cannot go into a request header: a line break or space inside,
 * a pasted secret with a stray line, say. Undefined when it can. Never quotes the token: a
 * header error would, unmasked when the runner masks the token's lines one by one.
 */
export function githubTokenProblem(token: string): string | undefined {
  if (!hasControlCharacter(token) && !/\s/.test(token)) return undefined
  return (
    'github-token contains a line break, a space or another control character, so it was not ' +
    'sent. Pass the token alone (check the secret for a stray line or a "token " prefix).'
  )
}

export class OutOfTime extends Error {}

export class RateLimited extends Error {
  readonly answer: HttpError
  /** The wait GitHub asked for, when it reached past the deadline. */
  readonly waitMs: number | undefined

  constructor(answer: HttpError, waitMs: number | undefined) {
    super('rate limited')
    this.answer = answer
    this.waitMs = waitMs
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof HttpError) return error.status >= 500
  return true
}
