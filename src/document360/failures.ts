// What a failed request was, in the user's terms: the cause and the fix. Every message goes
// through `failure`, which removes the token (in any letter case) and any URL's userinfo.

import { oneLine, quote, redact } from '../text.ts'
import { describeBody, parseJson, type Body } from './body.ts'
import {
  Document360Error,
  describeProblem,
  hintFor,
  type Document360ErrorKind,
  type RequestDescription
} from './errors.ts'
import { errorCode, proxyTunnelStatus, wasNotSent } from './retry.ts'
import { hideUserinfo } from './userinfo.ts'

/** An answer as the transport read it. */
export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Body
}

/** The request that failed, and how often it had been tried before. */
export interface Attempt {
  method: 'GET' | 'PUT' | 'POST'
  url: string
  description: RequestDescription
  /** Tries that failed and were retried before the last one. */
  retries: number
  secrets: readonly string[]
}

/** The deadline was too close to start a request: nothing was sent. */
export class NoTimeLeft extends Document360Error {}

const NOT_REPEATED =
  'It was not sent again: a write is never repeated once it may have reached Document360.'

export function failure(
  kind: Document360ErrorKind,
  message: string,
  secrets: readonly string[],
  status?: number,
  cause?: unknown
): Document360Error {
  const safe = hideUserinfo(redact(message, secrets))
  return new Document360Error(kind, safe, status, cause === undefined ? undefined : { cause })
}

/** A 2xx read whose body is unusable (too large, undecodable) or not JSON. */
export function bodyFailure(answer: Answer, { description, secrets }: Attempt): Document360Error {
  const { status, body } = answer
  const message =
    body.unusable !== undefined
      ? `Document360's answer to ${description.what} (HTTP ${status}) could not be used: ` +
        `${body.unusable}. A proxy may be answering instead; check api-url and the proxy settings.`
      : `Document360 answered the request to ${description.what} with HTTP ${status}, ` +
        `but the body is not JSON (${describeBody(body, secrets)}). A proxy may have answered ` +
        'instead, or the answer was cut short; try again, and check api-url and proxy settings.'
  return failure('body', message, secrets, status)
}

/**
 * A 2xx whose JSON body holds `key` twice in one object: which value holds is anybody's guess.
 * After a write, it may or may not have done what was asked, so the caller looks instead.
 */
export function repeatedKeyFailure(
  answer: Answer,
  attempt: Attempt,
  key: string
): Document360Error {
  // Keys are not redacted when parsed, and a cut token would no longer be found by failure().
  const shownKey = quote(redact(key, attempt.secrets), 40)
  return unclearAnswer(
    answer,
    attempt,
    `one object in its body has the key ${shownKey} twice, so the answer is ambiguous`,
    '; the gate does not guess which value holds. Try again; if it persists, report it to ' +
      'Document360 support.'
  )
}

/**
 * A 2xx whose body is JSON the gate cannot read (nested too deeply for the parser). After a
 * write, it may or may not have done what was asked (its body may say `success: false`).
 */
export function unreadableJsonFailure(answer: Answer, attempt: Attempt): Document360Error {
  return unclearAnswer(
    answer,
    attempt,
    'its JSON body is nested too deeply to read',
    '. A proxy may be answering instead; try again, and if it persists, report it to ' +
      'Document360 support.'
  )
}

/** A 2xx that says nothing clear (`why`): a read's `body` error; a write that may have worked. */
function unclearAnswer(
  answer: Answer,
  attempt: Attempt,
  why: string,
  readAdvice: string
): Document360Error {
  const said =
    `Document360 answered the request to ${attempt.description.what} with HTTP ` +
    `${answer.status}, but ${why}`
  if (attempt.method !== 'GET') return ambiguousWrite(said, attempt, answer.status)
  return failure('body', `${said}${readAdvice}`, attempt.secrets, answer.status)
}

/** A final non-2xx answer to a read, or a refusal (4xx) of a write. */
export function httpFailure(answer: Answer, attempt: Attempt): Document360Error {
  const { description, retries, secrets } = attempt
  const tries = retries > 0 ? ` after ${retries + 1} tries` : ''
  return failure(
    'http',
    `Document360 answered the request to ${description.what} with HTTP ${answer.status}` +
      `${tries} (${problemOf(answer, secrets)}). ${hintFor(answer.status, description)}`,
    secrets,
    answer.status
  )
}

/** A write answered with a status after which it may have taken effect (5xx, 408, 3xx). */
export function writeAnsweredFailure(answer: Answer, attempt: Attempt): Document360Error {
  const { what } = attempt.description
  const { status } = answer
  return ambiguousWrite(
    status < 400
      ? `Document360 answered the request to ${what} with a redirect (HTTP ${status}), which a ` +
          'write does not follow'
      : `Document360 answered the request to ${what} with HTTP ${status} ` +
          `(${problemOf(answer, attempt.secrets)})`,
    attempt,
    status
  )
}

/** A request that got no (complete) answer: not sent, timed out, or cut off. */
export function networkFailure(error: unknown, attempt: Attempt): Document360Error {
  const { description, secrets } = attempt
  const tries = attempt.retries > 0 ? ` (${attempt.retries + 1} tries)` : ''
  const origin = new URL(attempt.url).origin
  const write = attempt.method !== 'GET'
  if (error instanceof NoTimeLeft) {
    return failure(
      'timeout',
      `The time budget ran out before the request to ${description.what} could be sent${tries}; ` +
        'raise wait-timeout if this keeps happening.',
      secrets
    )
  }
  // The transport's own verdicts (a refused redirect) are final as they are.
  if (error instanceof Document360Error && error.kind !== 'timeout') return error
  if (error instanceof Document360Error) {
    if (write) {
      const what = `The request to ${description.what} at ${origin} timed out (${error.message})`
      return ambiguousWrite(what, attempt, undefined, error)
    }
    return failure(
      'timeout',
      `Document360 at ${origin} gave no complete answer to ${description.what} in time${tries}: ` +
        `${error.message}. It may be down or slow, or a proxy may be holding the request; ` +
        'try again later.',
      secrets,
      undefined,
      error
    )
  }
  if (write && !wasNotSent(error)) {
    const what =
      `The connection to Document360 at ${origin} failed during the request to ` +
      `${description.what} (${describeNetworkError(error)})`
    return ambiguousWrite(what, attempt, undefined, error)
  }
  return failure(
    'network',
    `Could not reach Document360 at ${origin} to ${description.what}${tries}: ` +
      `${describeNetworkError(error)}.` +
      `${write ? ' The request did not reach Document360, so nothing changed.' : ''} ` +
      "Check api-url, the runner's network, and the proxy variables (HTTPS_PROXY, NO_PROXY) " +
      'and NODE_EXTRA_CA_CERTS on self-hosted runners.',
    secrets,
    undefined,
    error
  )
}

/** A write that may or may not have taken effect: the caller must look, not repeat it. */
function ambiguousWrite(
  what: string,
  attempt: Attempt,
  status?: number,
  cause?: unknown
): Document360Error {
  const message = `${what}: it may or may not have taken effect. ${NOT_REPEATED}`
  return failure('ambiguous-write', message, attempt.secrets, status, cause)
}

/** The RFC 7807 problem of an error answer, or a safe description of its body. */
function problemOf({ body }: Answer, secrets: readonly string[]): string {
  if (body.unusable !== undefined) return body.unusable
  let problem: string
  try {
    problem = describeProblem(parseJson(body.text, secrets))
  } catch {
    return describeBody(body, secrets)
  }
  return problem || (body.text.trim() === '' ? 'empty body' : 'no details')
}

/** One line on a network error (for messages and retry notes); may hold userinfo: see failure. */
export function describeNetworkError(error: unknown): string {
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

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`
}
