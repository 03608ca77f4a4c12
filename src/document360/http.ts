// Requests to Document360 over undici. Reads (GET) follow the rules in retry.ts; writes (PUT,
// POST) are never repeated once they may have reached the server. Every request has a timeout
// and none may pass the overall deadline; reads follow same-origin redirects only; bodies are
// bounded and decoded (body.ts); proxies come from the environment (proxy.ts); messages name
// the cause and never contain the token or a URL's userinfo.

import { request, type Dispatcher } from 'undici'
import { systemClock, type Clock } from '../clock.ts'
import { oneLine, redact } from '../text.ts'
import { ACCEPT_ENCODING, parseJson, readBody, repeatedKey } from './body.ts'
import { Document360Error, type RequestDescription } from './errors.ts'
import {
  NoTimeLeft,
  bodyFailure,
  describeNetworkError,
  failure,
  httpFailure,
  networkFailure,
  repeatedKeyFailure,
  seconds,
  unreadableJsonFailure,
  writeAnsweredFailure,
  type Answer,
  type Attempt
} from './failures.ts'
import { dispatcherFromEnvironment } from './proxy.ts'
import {
  MAX_FAILURE_RETRIES,
  backoffMs,
  errorCode,
  isRetryableWriteError,
  isTransientNetworkError,
  rateLimitOf,
  rateLimitWaitMs,
  retryClassOf,
  serverRequestedWaitMs,
  writeMayHaveTakenEffect,
  type RateLimit
} from './retry.ts'
import { hideUserinfo } from './userinfo.ts'

export interface TransportOptions {
  /** Base URL without a trailing slash. */
  baseUrl: string
  /** Sent with every request (authentication, User-Agent). */
  headers: Record<string, string>
  /** Epoch ms: no request, retry or wait may run past it. */
  deadlineMs: number
  /** Strings that must never appear in a message (the token). */
  secrets: readonly string[]
  dispatcher?: Dispatcher | undefined
  requestTimeoutMs?: number | undefined
  maxBodyBytes?: number | undefined
  clock?: Clock | undefined
  /** Told about each retry, for the log. */
  onRetry?: ((message: string) => void) | undefined
  /** Told about each answer (method, path, status, time), for the debug log. */
  onDebug?: ((message: string) => void) | undefined
  /** Told about the rate-limit headers of each answer that has usable ones. */
  onRateLimit?: ((rateLimit: RateLimit) => void) | undefined
}

export type WriteMethod = 'PUT' | 'POST'

/** What Transport.parsed returns for a body that holds no JSON. */
const NOT_JSON = Symbol('not JSON')

interface Outgoing {
  method: 'GET' | WriteMethod
  url: string
  /** JSON, for writes. */
  body?: string
}

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
const MAX_REDIRECTS = 3
// Not worth starting a request with less time than this left.
const MIN_REQUEST_MS = 250

export class Transport {
  private readonly options: TransportOptions
  private readonly clock: Clock
  private dispatcher: Dispatcher
  private latestRateLimit: RateLimit | undefined

  constructor(options: TransportOptions) {
    this.options = options
    this.clock = options.clock ?? systemClock
    this.dispatcher = options.dispatcher ?? dispatcherFromEnvironment(process.env, options.onDebug)
  }

  /** The rate-limit headers of the latest answer (undefined when it had no usable ones). */
  get rateLimit(): RateLimit | undefined {
    return this.latestRateLimit
  }

  /** GETs `path` (with query) below the base URL and returns its parsed JSON body. */
  async getJson(path: string, description: RequestDescription): Promise<unknown> {
    const outgoing: Outgoing = { method: 'GET', url: this.url(path, description) }
    const answer = await this.perform(outgoing, description)
    const parsed = this.parsed(answer, outgoing, description)
    if (parsed === NOT_JSON) throw bodyFailure(answer, this.attempt(outgoing, description, 0))
    return parsed
  }

  /**
   * PUTs or POSTs `body` as JSON. Any 2xx is success: returns the parsed JSON answer, or
   * undefined for an empty or non-JSON one. Tried again only after a 429 or an error that
   * surely kept the request from leaving; when it may have reached the server (a 5xx, a reset,
   * a timeout, a redirect), throws kind `ambiguous-write` instead.
   */
  async sendJson(
    method: WriteMethod,
    path: string,
    body: unknown,
    description: RequestDescription
  ): Promise<unknown> {
    const outgoing = { method, url: this.url(path, description), body: JSON.stringify(body) }
    const answer = await this.perform(outgoing, description)
    const parsed = this.parsed(answer, outgoing, description)
    return parsed === NOT_JSON ? undefined : parsed
  }

  /**
   * The answer's JSON body, or NOT_JSON (unusable, empty, not JSON). Throws for JSON the gate
   * cannot tell the meaning of: nested too deeply to read (the parser runs out of stack: it may
   * hold `success: false`), or holding a key twice in one object (see repeatedKey).
   */
  private parsed(answer: Answer, outgoing: Outgoing, description: RequestDescription): unknown {
    if (answer.body.unusable !== undefined || answer.body.text.trim() === '') return NOT_JSON
    let parsed: unknown
    try {
      parsed = parseJson(answer.body.text, this.secrets)
    } catch (error) {
      if (error instanceof SyntaxError) return NOT_JSON
      throw unreadableJsonFailure(answer, this.attempt(outgoing, description, 0))
    }
    const key = repeatedKey(answer.body.text)
    if (key !== undefined) {
      throw repeatedKeyFailure(answer, this.attempt(outgoing, description, 0), key)
    }
    return parsed
  }

  /**
   * The URL of `path` (ids already encoded). A `.` or `..` id survives encoding and URL
   * parsing removes it with the segment before: the token-bearing request, a write even, would
   * go to another endpoint. Such a request is refused, whatever checked the ids before.
   */
  private url(path: string, description: RequestDescription): string {
    const url = `${this.options.baseUrl}${path}`
    const basePath = new URL(this.options.baseUrl).pathname.replace(/\/$/, '')
    const [pathOnly = ''] = path.split('?')
    if (new URL(url).pathname !== `${basePath}${pathOnly}`) {
      throw failure(
        'request',
        `The request to ${description.what} was not sent: an id in its path (such as "." or ` +
          '"..") would send it to another endpoint. Check project-id, api-reference-id and log-id.',
        this.secrets
      )
    }
    return url
  }

  /** Sends `outgoing` until it gets a 2xx answer, retrying as retry.ts says. */
  private async perform(outgoing: Outgoing, description: RequestDescription): Promise<Answer> {
    const write = outgoing.method !== 'GET'
    let failures = 0
    let rateLimited = 0
    for (;;) {
      let answer: Answer
      try {
        answer = await this.fetchOnce(outgoing, description)
      } catch (error) {
        const retryable = write
          ? isRetryableWriteError(error)
          : (error instanceof Document360Error && error.kind === 'timeout') ||
            isTransientNetworkError(error)
        const wait = backoffMs(failures, this.clock.random())
        if (retryable && failures < MAX_FAILURE_RETRIES && this.hasTimeFor(wait)) {
          failures++
          this.retrying(`${describeNetworkError(error)}; retry ${failures} in ${seconds(wait)}`)
          await this.clock.sleep(wait)
          continue
        }
        throw networkFailure(error, this.attempt(outgoing, description, failures))
      }

      const { status } = answer
      if (status >= 200 && status < 300) return answer
      const attempt = this.attempt(outgoing, description, failures + rateLimited)
      if (write && writeMayHaveTakenEffect(status)) throw writeAnsweredFailure(answer, attempt)
      const retryClass = retryClassOf(status)
      if (retryClass === 'rate-limit') {
        const serverWait = serverRequestedWaitMs(answer.headers, this.clock.now())
        // Rate-limit retries go on until the deadline: a `Retry-After: 0` must not turn that
        // into a burst of requests against the token's budget. Gates that share the token and
        // were all told the same reset come back spread over up to 2 s, not all at once.
        const wait = rateLimitWaitMs(serverWait, rateLimited, this.clock.random())
        if (this.hasTimeFor(wait)) {
          rateLimited++
          this.retrying(`rate limited (HTTP 429); waiting ${seconds(wait)} before trying again`)
          await this.clock.sleep(wait)
          continue
        }
      } else if (retryClass === 'failure') {
        const wait =
          serverRequestedWaitMs(answer.headers, this.clock.now()) ??
          backoffMs(failures, this.clock.random())
        if (failures < MAX_FAILURE_RETRIES && this.hasTimeFor(wait)) {
          failures++
          this.retrying(`HTTP ${status}; retry ${failures} in ${seconds(wait)}`)
          await this.clock.sleep(wait)
          continue
        }
      }
      throw httpFailure(answer, attempt)
    }
  }

  /** One request, following same-origin redirects for reads (a write never follows one). */
  private async fetchOnce(outgoing: Outgoing, description: RequestDescription): Promise<Answer> {
    const origin = new URL(outgoing.url).origin
    let current = outgoing.url
    for (let redirects = 0; ; redirects++) {
      const answer = await this.send({ ...outgoing, url: current })
      const location = answer.headers.location
      const redirected = answer.status >= 300 && answer.status < 400
      if (!redirected || typeof location !== 'string' || outgoing.method !== 'GET') return answer
      const refuse = (why: string) =>
        failure(
          'redirect',
          `Document360 redirected the request to ${description.what} ${why}`,
          this.secrets,
          answer.status
        )
      let target: URL
      try {
        target = new URL(location, current)
      } catch {
        throw refuse('to an invalid location; check api-url.')
      }
      if (target.origin !== origin) {
        throw refuse(
          // Redacted before it is cut: a token cut in half would no longer be found.
          `to another host (${oneLine(redact(target.origin, this.secrets), 100)}); the token is not sent there. Set api-url to ` +
            'the host your project lives on (https://apihub.document360.io, ' +
            'https://apihub.us.document360.io, or https://apihub.<name>.document360.io).'
        )
      }
      if (target.username || target.password) {
        throw refuse('to a URL with credentials in it; it was not followed. Check api-url.')
      }
      if (!isSameEndpoint(target, new URL(outgoing.url))) {
        throw refuse(
          'to another endpoint on the same host (another path or query); it was not followed, ' +
            "so that the gate never judges another project's or API reference's logs. Check api-url."
        )
      }
      if (redirects >= MAX_REDIRECTS) {
        throw failure(
          'redirect',
          `Too many redirects for ${description.what}; check api-url.`,
          this.secrets
        )
      }
      current = target.href
    }
  }

  /**
   * One exchange, with its own timeout bounded by the overall deadline. The timeout is raced
   * outside undici too: behind a proxy that drops CONNECT, undici 6 reconnects in a loop and
   * ignores the abort signal, so the request would never end on its own.
   */
  private async send(outgoing: Outgoing): Promise<Answer> {
    const remaining = this.options.deadlineMs - this.clock.now()
    if (remaining < MIN_REQUEST_MS) throw new NoTimeLeft('timeout', 'no time left')
    const timeout = Math.min(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, remaining)
    const signal = AbortSignal.timeout(timeout)
    const exchange = this.exchange(outgoing, signal)
    const timedOut = new Promise<never>((_resolve, reject) => {
      signal.addEventListener(
        'abort',
        () => {
          reject(new Error('request timed out', { cause: signal.reason }))
        },
        { once: true }
      )
    })
    try {
      return await Promise.race([exchange, timedOut])
    } catch (error) {
      const code = errorCode(error)
      if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        // It settles (rejects) once its dispatcher is destroyed: nothing to do with that.
        exchange.catch(() => undefined)
        this.replaceDispatcher()
        const message = `no complete answer within ${seconds(timeout)}`
        throw new Document360Error('timeout', message, undefined, { cause: error })
      }
      throw error
    }
  }

  private async exchange(outgoing: Outgoing, signal: AbortSignal): Promise<Answer> {
    const started = this.clock.now()
    const response = await request(outgoing.url, {
      method: outgoing.method,
      headers: {
        accept: 'application/json',
        'accept-encoding': ACCEPT_ENCODING,
        ...(outgoing.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.options.headers
      },
      body: outgoing.body ?? null,
      dispatcher: this.dispatcher,
      signal
    })
    const body = await readBody(
      response.body,
      response.headers['content-encoding'],
      this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    )
    this.noteRateLimit(response.headers)
    // The token travels in a header, but a redirect's URL is the server's text: it may echo it.
    const { pathname, search } = new URL(outgoing.url)
    this.options.onDebug?.(
      hideUserinfo(
        redact(
          `${outgoing.method} ${pathname}${search} → HTTP ${response.statusCode}, ` +
            `${body.unusable === undefined ? `${body.size} bytes` : 'unusable body'} in ` +
            `${this.clock.now() - started} ms`,
          this.secrets
        )
      )
    )
    return { status: response.statusCode, headers: response.headers, body }
  }

  private noteRateLimit(headers: Answer['headers']): void {
    this.latestRateLimit = rateLimitOf(headers, this.clock.now())
    if (this.latestRateLimit) this.options.onRateLimit?.(this.latestRateLimit)
  }

  /** Stops whatever a timed-out request left running; the next try starts afresh. */
  private replaceDispatcher(): void {
    if (this.options.dispatcher) return // the caller's (a test's MockAgent): theirs to manage
    this.dispatcher.destroy().catch(() => undefined)
    this.dispatcher = dispatcherFromEnvironment()
  }

  private attempt(outgoing: Outgoing, description: RequestDescription, retries: number): Attempt {
    const { method, url } = outgoing
    return { method, url, description, retries, secrets: this.secrets }
  }

  private get secrets(): readonly string[] {
    return this.options.secrets
  }

  private hasTimeFor(waitMs: number): boolean {
    return this.clock.now() + waitMs + MIN_REQUEST_MS < this.options.deadlineMs
  }

  private retrying(message: string): void {
    this.options.onRetry?.(hideUserinfo(redact(message, this.secrets)))
  }
}

/**
 * Whether a redirect keeps the request on its endpoint: the same path (a gateway may move it
 * under a prefix, or add a trailing slash) and every query parameter with its value (others may
 * be added). A redirect elsewhere on the host (another project's logs, another page) would have
 * the gate judge an answer to a question it did not ask.
 */
function isSameEndpoint(target: URL, requested: URL): boolean {
  // Ids are GUIDs, which a server may spell in the other case.
  const path = (url: URL) => url.pathname.replace(/\/+$/, '').toLowerCase()
  if (!path(target).endsWith(path(requested))) return false
  return [...requested.searchParams].every(([name, value]) => {
    const values = target.searchParams.getAll(name)
    return values.length === 1 && values[0] === value
  })
}
