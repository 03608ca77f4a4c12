// GET + JSON over undici with the rules in retry.ts, a timeout on every request, an overall
// deadline no request may pass, same-origin redirects only, a bounded body, proxies from the
// environment, and error messages that name the cause and never contain the token.

import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici'
import { systemClock, type Clock } from '../clock.ts'
import { oneLine, redact } from '../text.ts'
import { Document360Error, describeProblem, hintFor, type RequestDescription } from './errors.ts'
import {
  MAX_FAILURE_RETRIES,
  backoffMs,
  errorCode,
  isTransientNetworkError,
  retryClassOf,
  serverRequestedWaitMs
} from './retry.ts'

export interface TransportOptions {
  /** Base URL without a trailing slash. */
  baseUrl: string
  /** Sent with every request (authentication, User-Agent). */
  headers: Record<string, string>
  /** Epoch ms: no request, retry or wait may run past it. */
  deadlineMs: number
  /** Strings that must never appear in a message (the token). */
  secrets: readonly string[]
  dispatcher?: Dispatcher
  requestTimeoutMs?: number
  maxBodyBytes?: number
  clock?: Clock
  /** Told about each retry, for the log. */
  onRetry?: (message: string) => void
  /** Told about each answer (method, path, status, time), for the debug log. */
  onDebug?: (message: string) => void
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
const MAX_REDIRECTS = 3
// Not worth starting a request with less time than this left.
const MIN_REQUEST_MS = 250
// The shortest wait after a 429 whose server asked for (next to) none.
const MIN_RATE_LIMIT_WAIT_MS = 1000

export class Transport {
  private readonly options: TransportOptions
  private readonly clock: Clock
  private dispatcher: Dispatcher

  constructor(options: TransportOptions) {
    this.options = options
    this.clock = options.clock ?? systemClock
    this.dispatcher = options.dispatcher ?? dispatcherFromEnvironment()
  }

  /** GETs `path` (with query) below the base URL and returns its parsed JSON body. */
  async getJson(path: string, description: RequestDescription): Promise<unknown> {
    const url = `${this.options.baseUrl}${path}`
    let failures = 0
    let rateLimited = 0
    for (;;) {
      let response: RawResponse
      try {
        response = await this.fetchOnce(url, description)
      } catch (error) {
        const retryable =
          error instanceof Document360Error
            ? error.kind === 'timeout'
            : isTransientNetworkError(error)
        const wait = backoffMs(failures, this.clock.random())
        if (retryable && failures < MAX_FAILURE_RETRIES && this.hasTimeFor(wait)) {
          failures++
          this.retrying(`${describeNetworkError(error)}; retry ${failures} in ${seconds(wait)}`)
          await this.clock.sleep(wait)
          continue
        }
        throw this.networkError(error, url, description, failures)
      }

      if (response.status >= 200 && response.status < 300) {
        return this.parseBody(response, description)
      }
      const retryClass = retryClassOf(response.status)
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
          this.retrying(`HTTP ${response.status}; retry ${failures} in ${seconds(wait)}`)
          await this.clock.sleep(wait)
          continue
        }
      }
      throw this.httpError(response, description, failures + rateLimited)
    }
  }

  private async fetchOnce(url: string, description: RequestDescription): Promise<RawResponse> {
    let current = url
    for (let redirects = 0; ; redirects++) {
      const response = await this.send(current)
      const location = response.headers.location
      if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
        return response
      }
      const target = new URL(location, current)
      if (target.origin !== new URL(url).origin) {
        throw this.fail(
          'redirect',
          `Document360 redirected the request to ${description.what} to another host ` +
            `(${oneLine(target.origin, 100)}); the token is not sent there. Set api-url to the ` +
            `host your project lives on (https://apihub.document360.io, ` +
            `https://apihub.us.document360.io, or https://apihub.<name>.document360.io).`,
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
   * One request, with its own timeout bounded by the overall deadline. The timeout is raced
   * outside undici too: behind a proxy that drops CONNECT, undici 6 reconnects in a loop and
   * ignores the abort signal, so the request would never end on its own.
   */
  private async send(url: string): Promise<RawResponse> {
    const remaining = this.options.deadlineMs - this.clock.now()
    if (remaining < MIN_REQUEST_MS) throw new Document360Error('timeout', 'no time left')
    const timeout = Math.min(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, remaining)
    const signal = AbortSignal.timeout(timeout)
    const exchange = this.exchange(url, signal)
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
        throw new Document360Error('timeout', `no complete answer within ${seconds(timeout)}`)
      }
      throw error
    }
  }

  private async exchange(url: string, signal: AbortSignal): Promise<RawResponse> {
    const started = this.clock.now()
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...this.options.headers },
      dispatcher: this.dispatcher,
      signal
    })
    const body = await readBounded(
      response.body,
      this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    )
    // The URL holds ids only; the token travels in a header and is never described.
    const { pathname, search } = new URL(url)
    this.options.onDebug?.(
      `GET ${pathname}${search} → HTTP ${response.statusCode}, ` +
        `${Buffer.byteLength(body)} bytes in ${this.clock.now() - started} ms`
    )
    return { status: response.statusCode, headers: response.headers, body }
  }

  /** Stops whatever a timed-out request left running; the next try starts afresh. */
  private replaceDispatcher(): void {
    if (this.options.dispatcher) return // the caller's (a test's MockAgent): theirs to manage
    this.dispatcher.destroy().catch(() => {})
    this.dispatcher = dispatcherFromEnvironment()
  }

  private parseBody(response: RawResponse, description: RequestDescription): unknown {
    try {
      return parseJson(response.body, this.options.secrets)
    } catch {
      throw this.fail(
        'body',
        `Document360 answered the request to ${description.what} with HTTP ${response.status}, ` +
          `but the body is not JSON (${bodyExcerpt(response.body, this.options.secrets)}). ` +
          'A proxy may have answered instead, or the answer was cut short; try again, and ' +
          'check api-url and proxy settings.',
        response.status
      )
    }
  }

  private httpError(
    response: RawResponse,
    description: RequestDescription,
    retries: number
  ): Document360Error {
    let problem: string
    try {
      problem = describeProblem(parseJson(response.body, this.options.secrets))
    } catch {
      problem = bodyExcerpt(response.body, this.options.secrets)
    }
    if (problem === '') problem = response.body.trim() === '' ? 'empty body' : 'no details'
    const tries = retries > 0 ? ` after ${retries + 1} tries` : ''
    return this.fail(
      'http',
      `Document360 answered the request to ${description.what} with HTTP ${response.status}` +
        `${tries} (${problem}). ${hintFor(response.status, description)}`,
      response.status
    )
  }

  private networkError(
    error: unknown,
    url: string,
    description: RequestDescription,
    retries: number
  ): Document360Error {
    if (error instanceof Document360Error && error.kind === 'body') {
      return this.fail(
        'body',
        `Document360's answer to ${description.what} was refused: ${error.message}. A proxy ` +
          'may be answering instead; check api-url and the proxy settings.'
      )
    }
    if (error instanceof Document360Error && error.kind !== 'timeout') return error
    const tries = retries > 0 ? ` (${retries + 1} tries)` : ''
    const origin = new URL(url).origin
    if (error instanceof Document360Error) {
      return this.fail(
        'timeout',
        `Document360 at ${origin} gave no complete answer to ${description.what} in time${tries}: ` +
          `${error.message}. It may be down or slow, or a proxy may be holding the request; ` +
          'try again later.'
      )
    }
    return this.fail(
      'network',
      `Could not reach Document360 at ${origin} to ${description.what}${tries}: ` +
        `${describeNetworkError(error)}. Check api-url, the runner's network, and the proxy ` +
        'variables (HTTPS_PROXY, NO_PROXY) and NODE_EXTRA_CA_CERTS on self-hosted runners.'
    )
  }

  private fail(kind: Document360Error['kind'], message: string, status?: number): Document360Error {
    return new Document360Error(kind, redact(message, this.options.secrets), status)
  }

  private hasTimeFor(waitMs: number): boolean {
    return this.clock.now() + waitMs + MIN_REQUEST_MS < this.options.deadlineMs
  }

  private retrying(message: string): void {
    this.options.onRetry?.(redact(message, this.options.secrets))
  }
}

async function readBounded(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > maxBytes) {
      throw new Document360Error('body', `the answer is larger than ${maxBytes} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * JSON.parse, with the secrets removed from every string value, before anything truncates or
 * prints them: a token echoed back (even JSON-escaped, `\u002B`) must not reach a message, a
 * finding or the log, not even cut in half by a length cap.
 */
function parseJson(body: string, secrets: readonly string[]): unknown {
  return JSON.parse(body, (_key, value: unknown) =>
    typeof value === 'string' ? redact(value, secrets) : value
  )
}

/** A short, tag-free, single-line excerpt of a body that is not what we expected. */
function bodyExcerpt(body: string, secrets: readonly string[]): string {
  if (body.trim() === '') return 'empty body'
  const text = oneLine(redact(body.replace(/<[^>]*>/g, ' '), secrets), 120)
  return `body starts: "${text}"`
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Document360Error) return error.message
  const code = errorCode(error)
  const message = error instanceof Error ? oneLine(error.message, 200) : 'unknown error'
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`
}

/**
 * A plain Agent, or, when HTTP(S)_PROXY is set, undici's EnvHttpProxyAgent (which also
 * honours NO_PROXY). Extra CA certificates from NODE_EXTRA_CA_CERTS are in Node's default
 * trust store, which both use.
 */
export function dispatcherFromEnvironment(env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const proxied = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some(name => env[name])
  if (!proxied) return new Agent()
  // undici 6 flags this agent experimental on stderr; the warning would only confuse users.
  const emitWarning = process.emitWarning
  process.emitWarning = () => {}
  try {
    return new EnvHttpProxyAgent()
  } finally {
    process.emitWarning = emitWarning
  }
}
