// Requests to Document360 over undici. Reads (GET) follow the rules in retry.ts; writes (PUT,
// POST) are never repeated once they may have reached the server. Every request has a timeout
// and none may pass the overall deadline; reads follow same-origin redirects only; bodies are
// bounded and decoded (body.ts); proxies come from the environment (proxy.ts); messages name
// the cause and never contain the token or a URL's userinfo.

import { request, type Dispatcher } from 'undici'
import { oneLine, redact } from '../text.ts'
import { ACCEPT_ENCODING, describeBody, parseJson, readBody, type Body } from './body.ts'
import {
  Document360Error,
  describeProblem,
  hintFor,
  type Document360ErrorKind,
  type RequestDescription
} from './errors.ts'
import { dispatcherFromEnvironment } from './proxy.ts'
import {
  MAX_FAILURE_RETRIES,
  backoffMs,
  errorCode,
  isRetryableWriteError,
  isTransientNetworkError,
  proxyTunnelStatus,
  rateLimitOf,
  retryClassOf,
  serverRequestedWaitMs,
  wasNotSent,
  writeMayHaveTakenEffect,
  type RateLimit
} from './retry.ts'
import { hideUserinfo } from './userinfo.ts'

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}

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

interface Outgoing {
  method: 'GET' | WriteMethod
  url: string
  /** JSON, for writes. */
  body?: string
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Body
}

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
const MAX_REDIRECTS = 3
// Not worth starting a request with less time than this left.
const MIN_REQUEST_MS = 250
// The shortest wait after a 429 whose server asked for (next to) none.
const MIN_RATE_LIMIT_WAIT_MS = 1000
const NOT_REPEATED =
  'It was not sent again: a write is never repeated once it may have reached Document360.'

/** The deadline was too close to start a request: nothing was sent. */
class NoTimeLeft extends Document360Error {}

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
    const response = await this.perform(
      { method: 'GET', url: this.url(path, description) },
      description
    )
    const { status, body } = response
    if (body.unusable !== undefined) {
      throw this.fail(
        'body',
        `Document360's answer to ${description.what} (HTTP ${status}) could not be used: ` +
          `${body.unusable}. A proxy may be answering instead; check api-url and the proxy settings.`,
        status
      )
    }
    try {
      return parseJson(body.text, this.options.secrets)
    } catch {
      throw this.fail(
        'body',
        `Document360 answered the request to ${description.what} with HTTP ${status}, ` +
          `but the body is not JSON (${describeBody(body, this.options.secrets)}). ` +
          'A proxy may have answered instead, or the answer was cut short; try again, and ' +
          'check api-url and proxy settings.',
        status
      )
    }
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
    const response = await this.perform(outgoing, description)
    if (response.body.unusable !== undefined || response.body.text.trim() === '') return undefined
    try {
      return parseJson(response.body.text, this.options.secrets)
    } catch {
      return undefined
    }
  }

  /**
   * The URL of `path` (ids already encoded). A `.` or `..` id survives encoding and URL
   * parsing removes it with the segment before: the token-bearing request, a write even, would
   * go to another endpoint. Such a request is refused, whatever checked the ids before.
   */
  private url(path: string, description: RequestDescription): string {
    const url = `${this.options.baseUrl}${path}`
    const expected = `${new URL(this.options.baseUrl).pathname.replace(/\/$/, '')}${path.split('?')[0]}`
    if (new URL(url).pathname !== expected) {
      throw this.fail(
        'request',
        `The request to ${description.what} was not sent: an id in its path (such as "." or ` +
          '"..") would send it to another endpoint. Check project-id, api-reference-id and log-id.'
      )
    }
    return url
  }

  /** Sends `outgoing` until it gets a 2xx answer, retrying as retry.ts says. */
  private async perform(outgoing: Outgoing, description: RequestDescription): Promise<RawResponse> {
    const write = outgoing.method !== 'GET'
    let failures = 0
    let rateLimited = 0
    for (;;) {
      let response: RawResponse
      try {
        response = await this.fetchOnce(outgoing, description)
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
        throw this.networkError(error, outgoing, description, failures)
      }

      const { status } = response
      if (status >= 200 && status < 300) return response
      if (write && writeMayHaveTakenEffect(status)) {
        throw this.ambiguousWrite(
          status < 400
            ? `Document360 answered the request to ${description.what} with a redirect ` +
                `(HTTP ${status}), which a write does not follow`
            : `Document360 answered the request to ${description.what} with HTTP ${status} ` +
                `(${this.problemOf(response)})`,
          status
        )
      }
      const retryClass = retryClassOf(status)
      if (retryClass === 'rate-limit') {
        const serverWait = serverRequestedWaitMs(response.headers, this.clock.now())
        // Rate-limit retries go on until the deadline: a `Retry-After: 0` must not turn that
        // into a burst of requests against the token's budget.
        const wait =
          serverWait !== undefined
            ? Math.max(serverWait, MIN_RATE_LIMIT_WAIT_MS)
            : backoffMs(Math.min(rateLimited, 4), this.clock.random())
        if (this.hasTimeFor(wait)) {
          rateLimited++
          this.retrying(`rate limited (HTTP 429); waiting ${seconds(wait)} before trying again`)
          await this.clock.sleep(wait)
          continue
        }
      } else if (retryClass === 'failure') {
        const wait =
          serverRequestedWaitMs(response.headers, this.clock.now()) ??
          backoffMs(failures, this.clock.random())
        if (failures < MAX_FAILURE_RETRIES && this.hasTimeFor(wait)) {
          failures++
          this.retrying(`HTTP ${status}; retry ${failures} in ${seconds(wait)}`)
          await this.clock.sleep(wait)
          continue
        }
      }
      throw this.httpError(response, description, failures + rateLimited)
    }
  }

  /** One request, following same-origin redirects for reads (a write never follows one). */
  private async fetchOnce(
    outgoing: Outgoing,
    description: RequestDescription
  ): Promise<RawResponse> {
    const origin = new URL(outgoing.url).origin
    let current = outgoing.url
    for (let redirects = 0; ; redirects++) {
      const response = await this.send({ ...outgoing, url: current })
      const location = response.headers.location
      if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
        return response
      }
      if (outgoing.method !== 'GET') return response
      let target: URL
      try {
        target = new URL(location, current)
      } catch {
        throw this.fail(
          'redirect',
          `Document360 redirected the request to ${description.what} to an invalid location; ` +
            'check api-url.',
          response.status
        )
      }
      if (target.origin !== origin) {
        throw this.fail(
          'redirect',
          `Document360 redirected the request to ${description.what} to another host ` +
            `(${oneLine(target.origin, 100)}); the token is not sent there. Set api-url to the ` +
            `host your project lives on (https://apihub.document360.io, ` +
            `https://apihub.us.document360.io, or https://apihub.<name>.document360.io).`,
          response.status
        )
      }
      if (target.username || target.password) {
        throw this.fail(
          'redirect',
          `Document360 redirected the request to ${description.what} to a URL with credentials ` +
            'in it; it was not followed. Check api-url.',
          response.status
        )
      }
      if (redirects >= MAX_REDIRECTS) {
        throw this.fail('redirect', `Too many redirects for ${description.what}; check api-url.`)
      }
      current = target.href
    }
  }

  /**
   * One exchange, with its own timeout bounded by the overall deadline. The timeout is raced
   * outside undici too: behind a proxy that drops CONNECT, undici 6 reconnects in a loop and
   * ignores the abort signal, so the request would never end on its own.
   */
  private async send(outgoing: Outgoing): Promise<RawResponse> {
    const remaining = this.options.deadlineMs - this.clock.now()
    if (remaining < MIN_REQUEST_MS) throw new NoTimeLeft('timeout', 'no time left')
    const timeout = Math.min(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, remaining)
    const signal = AbortSignal.timeout(timeout)
    const exchange = this.exchange(outgoing, signal)
    const timedOut = new Promise<never>((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    )
    try {
      return await Promise.race([exchange, timedOut])
    } catch (error) {
      const code = errorCode(error)
      if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        exchange.catch(() => {}) // settles (rejects) once its dispatcher is destroyed
        this.replaceDispatcher()
        throw new Document360Error(
          'timeout',
          `no complete answer within ${seconds(timeout)}`,
          undefined,
          { cause: error }
        )
      }
      throw error
    }
  }

  private async exchange(outgoing: Outgoing, signal: AbortSignal): Promise<RawResponse> {
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
    // The URL holds ids only; the token travels in a header and is never described.
    const { pathname, search } = new URL(outgoing.url)
    this.options.onDebug?.(
      `${outgoing.method} ${pathname}${search} → HTTP ${response.statusCode}, ` +
        `${body.unusable === undefined ? `${body.size} bytes` : 'unusable body'} in ` +
        `${this.clock.now() - started} ms`
    )
    return { status: response.statusCode, headers: response.headers, body }
  }

  private noteRateLimit(headers: RawResponse['headers']): void {
    this.latestRateLimit = rateLimitOf(headers, this.clock.now())
    if (this.latestRateLimit) this.options.onRateLimit?.(this.latestRateLimit)
  }

  /** Stops whatever a timed-out request left running; the next try starts afresh. */
  private replaceDispatcher(): void {
    if (this.options.dispatcher) return // the caller's (a test's MockAgent): theirs to manage
    this.dispatcher.destroy().catch(() => {})
    this.dispatcher = dispatcherFromEnvironment()
  }

  /** The RFC 7807 problem of an error answer, or a safe excerpt of its body. */
  private problemOf(response: RawResponse): string {
    const { body } = response
    if (body.unusable !== undefined) return body.unusable
    let problem: string
    try {
      problem = describeProblem(parseJson(body.text, this.options.secrets))
    } catch {
      return describeBody(body, this.options.secrets)
    }
    return problem || (body.text.trim() === '' ? 'empty body' : 'no details')
  }

  private httpError(
    response: RawResponse,
    description: RequestDescription,
    retries: number
  ): Document360Error {
    const tries = retries > 0 ? ` after ${retries + 1} tries` : ''
    return this.fail(
      'http',
      `Document360 answered the request to ${description.what} with HTTP ${response.status}` +
        `${tries} (${this.problemOf(response)}). ${hintFor(response.status, description)}`,
      response.status
    )
  }

  private networkError(
    error: unknown,
    outgoing: Outgoing,
    description: RequestDescription,
    retries: number
  ): Document360Error {
    const tries = retries > 0 ? ` (${retries + 1} tries)` : ''
    const origin = new URL(outgoing.url).origin
    if (error instanceof NoTimeLeft) {
      return this.fail(
        'timeout',
        `The time budget ran out before the request to ${description.what} could be sent${tries}; ` +
          'raise wait-timeout if this keeps happening.'
      )
    }
    if (error instanceof Document360Error && error.kind !== 'timeout') return error
    const write = outgoing.method !== 'GET'
    if (write && error instanceof Document360Error) {
      return this.ambiguousWrite(
        `The request to ${description.what} at ${origin} timed out (${error.message})`,
        undefined,
        error
      )
    }
    if (error instanceof Document360Error) {
      return this.fail(
        'timeout',
        `Document360 at ${origin} gave no complete answer to ${description.what} in time${tries}: ` +
          `${error.message}. It may be down or slow, or a proxy may be holding the request; ` +
          'try again later.',
        undefined,
        error
      )
    }
    if (write && !wasNotSent(error)) {
      return this.ambiguousWrite(
        `The connection to Document360 at ${origin} failed during the request to ` +
          `${description.what} (${describeNetworkError(error)})`,
        undefined,
        error
      )
    }
    return this.fail(
      'network',
      `Could not reach Document360 at ${origin} to ${description.what}${tries}: ` +
        `${describeNetworkError(error)}.${write ? ' The request did not reach Document360, so nothing changed.' : ''} ` +
        "Check api-url, the runner's network, and the proxy variables (HTTPS_PROXY, NO_PROXY) " +
        'and NODE_EXTRA_CA_CERTS on self-hosted runners.',
      undefined,
      error
    )
  }

  /** A write that may or may not have taken effect: the caller must look, not repeat it. */
  private ambiguousWrite(what: string, status?: number, cause?: unknown): Document360Error {
    return this.fail(
      'ambiguous-write',
      `${what}: it may or may not have taken effect. ${NOT_REPEATED}`,
      status,
      cause
    )
  }

  private fail(
    kind: Document360ErrorKind,
    message: string,
    status?: number,
    cause?: unknown
  ): Document360Error {
    const safe = hideUserinfo(redact(message, this.options.secrets))
    return new Document360Error(kind, safe, status, cause === undefined ? undefined : { cause })
  }

  private hasTimeFor(waitMs: number): boolean {
    return this.clock.now() + waitMs + MIN_REQUEST_MS < this.options.deadlineMs
  }

  private retrying(message: string): void {
    this.options.onRetry?.(hideUserinfo(redact(message, this.options.secrets)))
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Document360Error) return error.message
  const tunnel = proxyTunnelStatus(error)
  if (tunnel !== undefined) {
    return (
      `the proxy refused to open a tunnel to Document360 (HTTP ${tunnel})` +
      (tunnel === 407 ? ': check the proxy credentials in HTTPS_PROXY' : '')
    )
  }
  const code = errorCode(error)
  const message = error instanceof Error ? oneLine(error.message, 200) : 'unknown error'
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`
}
