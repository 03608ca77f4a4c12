// Every input is read, checked and converted here, once, into a typed object. Bad input fails
// the step before any request is made, with a message that names the input and what it accepts.

import type { AuthScheme } from './document360/types.ts'
import { quotableUrl } from './document360/userinfo.ts'
import { pathSegmentProblem } from './document360/path-segment.ts'
import { parseInstant } from './instant.ts'
import { hasControlCharacter, quote } from './text.ts'

/** What the judged import is compared with (the `baseline` input). */
export type BaselineChoice =
  | { kind: 'none' }
  | { kind: 'previous' }
  | { kind: 'log'; logId: string }
  | { kind: 'api-reference'; apiReferenceId: string }

export interface Inputs {
  token: string
  projectId: string
  apiReferenceId: string
  /** Base URL without a trailing slash. */
  apiUrl: string
  authScheme: AuthScheme
  maxErrors: number
  /** null: no limit. */
  maxWarnings: number | null
  failOnThreshold: boolean
  waitTimeoutSeconds: number
  pollIntervalSeconds: number
  /** Only logs created at or after this moment count. */
  since: Date | null
  logId: string | null
  annotations: boolean
  specFile: string | null
  jobSummary: boolean
  prComment: boolean
  /** Every finding as an annotation on a check run (needs `checks: write`). */
  checkRun: boolean
  githubToken: string
  baseline: BaselineChoice
  /** The waivers file as given (relative to the workspace, or absolute). */
  waiversFile: string | null
  /** The spec URL to resync from (the gate starts the import itself); null: judge one found. */
  resyncUrl: string | null
  publish: PublishMode
  /** Required with publish on-pass. */
  workspaceId: string | null
}

/** Whether the gate publishes the API reference after a passed verdict. */
export type PublishMode = 'never' | 'on-pass'

export class InputError extends Error {
  override name = 'InputError'
}

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string

const DEFAULT_API_URL = 'https://apihub.document360.io'
// GitHub stops a job after 6 hours; longer waits are certainly typos.
const MAX_SECONDS = 6 * 60 * 60
const MAX_COUNT = 1_000_000_000
const MAX_ID_LENGTH = 200

export function parseInputs(read: InputReader, now: Date = new Date()): Inputs {
  const get = (name: string): string => read(name).trim()
  const token = parseToken(required(get, 'token'))
  const apiReferenceId = required(get, 'api-reference-id')
  const resyncUrl = get('resync-url') ? parseResyncUrl(get('resync-url')) : null
  for (const other of ['since', 'log-id']) {
    if (resyncUrl !== null && get(other)) {
      throw new InputError(
        `Input "resync-url" cannot be combined with "${other}": with resync-url the gate ` +
          `judges exactly the import it starts. Remove "${other}" (or resync-url).`
      )
    }
  }
  const publish = parsePublishMode(get('publish') || 'never')
  const inputs: Inputs = {
    token,
    projectId: pathId('project-id', required(get, 'project-id')),
    apiReferenceId: pathId('api-reference-id', apiReferenceId),
    apiUrl: parseApiUrl(get('api-url') || DEFAULT_API_URL),
    authScheme: parseAuthScheme(get('auth-scheme') || 'auto', token),
    maxErrors: wholeNumber('max-errors', get('max-errors') || '0', 0, MAX_COUNT),
    maxWarnings: get('max-warnings')
      ? wholeNumber('max-warnings', get('max-warnings'), 0, MAX_COUNT)
      : null,
    failOnThreshold: parseBoolean('fail-on-threshold', get('fail-on-threshold'), true),
    waitTimeoutSeconds: wholeNumber('wait-timeout', get('wait-timeout') || '300', 0, MAX_SECONDS),
    pollIntervalSeconds: wholeNumber('poll-interval', get('poll-interval') || '5', 1, MAX_SECONDS),
    since: get('since') ? parseSince(get('since'), now) : null,
    logId: get('log-id') ? pathId('log-id', get('log-id')) : null,
    annotations: parseBoolean('annotations', get('annotations'), true),
    specFile: get('spec-file') || null,
    jobSummary: parseBoolean('job-summary', get('job-summary'), true),
    prComment: parseBoolean('pr-comment', get('pr-comment'), false),
    checkRun: parseBoolean('check-run', get('check-run'), false),
    githubToken: get('github-token'),
    baseline: parseBaseline(get('baseline') || 'none', apiReferenceId),
    waiversFile: get('waivers-file') || null,
    resyncUrl,
    publish,
    workspaceId: get('workspace-id') ? parseWorkspaceId(get('workspace-id')) : null
  }
  if (resyncUrl !== null && inputs.waitTimeoutSeconds === 0) {
    throw new InputError(
      'Input "wait-timeout" is 0, but with resync-url the gate starts an import and must wait ' +
        'for it to finish: it would start one it can never judge. Give the seconds the import ' +
        'may take (default 300), or remove resync-url.'
    )
  }
  if (publish === 'on-pass' && inputs.workspaceId === null) {
    throw new InputError(
      'Input "workspace-id" is required when publish is on-pass: the id of the workspace the ' +
        'API reference belongs to (Document360 publishes in that workspace).'
    )
  }
  return inputs
}

function required(get: InputReader, name: string): string {
  const value = get(name)
  if (!value)
    throw new InputError(`Input "${name}" is required and was empty.${requiredHint(name)}`)
  return value
}

function requiredHint(name: string): string {
  return name === 'token'
    ? ' Pass the Document360 API token from a secret: token: ${{ secrets.DOCUMENT360_TOKEN }}' +
        ' (secrets are empty in workflows triggered from forks).'
    : ''
}

/**
 * The token goes into a request header, which cannot carry a line break (a secret pasted with
 * a stray line) or a space (`Bearer …` pasted whole). Never quoted: it is the secret.
 */
function parseToken(text: string): string {
  if (!hasControlCharacter(text) && !/\s/.test(text)) return text
  const scheme = /^(bearer|token)\s/i.test(text)
    ? ' without "Bearer " (the gate adds the scheme: see auth-scheme)'
    : ''
  throw new InputError(
    'Input "token" contains a line break, a space or another control character, which no ' +
      `request header can carry. Pass the token alone${scheme}; check the secret for a stray line.`
  )
}

/** An id that goes into the request path as one segment (see path-segment.ts). */
export function pathId(name: string, text: string): string {
  return checkedPathId(`Input "${name}"`, text)
}

/** `text` if it is usable as one path segment; else an InputError that starts with `subject`. */
function checkedPathId(subject: string, text: string): string {
  const problem = pathSegmentProblem(text)
  if (problem === undefined) return text
  // A control character is not echoed: it could break the log line or hide the rest.
  const shown = hasControlCharacter(text) ? '' : `; got ${quote(text, 60)}`
  throw new InputError(
    `${subject} ${problem}${shown}. Give the id alone, as Document360 shows it ` +
      '(not a URL or a path).'
  )
}

/** `none`, `previous`, `log:<id>` or `api-reference:<id>`. */
function parseBaseline(text: string, apiReferenceId: string): BaselineChoice {
  const lower = text.toLowerCase()
  if (lower === 'none') return { kind: 'none' }
  if (lower === 'previous') return { kind: 'previous' }
  const named = /^(log|api-reference):(.*)$/is.exec(text)
  if (named !== null) {
    const kind = (named[1] as string).toLowerCase() as 'log' | 'api-reference'
    const id = checkedPathId(
      `Input "baseline": the id after "${kind}:"`,
      (named[2] as string).trim()
    )
    if (kind === 'log') return { kind, logId: id }
    if (id.toLowerCase() === apiReferenceId.toLowerCase()) {
      throw new InputError(
        'Input "baseline" names the judged API reference itself (api-reference-id); to compare ' +
          'with its earlier imports, use "previous" or "log:<id>".'
      )
    }
    return { kind, apiReferenceId: id }
  }
  throw new InputError(
    'Input "baseline" must be none, previous, log:<id> or api-reference:<id>; ' +
      `got ${quote(text, 100)}.`
  )
}

/** Inputs counted in seconds: `10m` is a likely slip, and the message should say the unit. */
const SECONDS_INPUTS = new Set(['wait-timeout', 'poll-interval'])

export function wholeNumber(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    const unit = SECONDS_INPUTS.has(name) ? ' of seconds' : ''
    // `-1`, `none`, `unlimited`: the usual spellings of "no limit", which here is empty.
    const noLimit = name === 'max-warnings' ? ' Leave it empty for no limit.' : ''
    throw new InputError(
      `Input "${name}" must be a whole number${unit} from ${min} to ${max}; ` +
        `got ${quote(text, 60)}.${noLimit}`
    )
  }
  return Number(text)
}

export function parseBoolean(name: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback
  if (/^true$/i.test(text)) return true
  if (/^false$/i.test(text)) return false
  throw new InputError(`Input "${name}" must be true or false; got ${quote(text, 60)}.`)
}

export function parseAuthScheme(text: string, token: string): AuthScheme {
  switch (text.toLowerCase()) {
    case 'bearer':
      return 'bearer'
    case 'api-key':
      return 'api-key'
    case 'auto':
      return token.startsWith('d360_sk_') ? 'api-key' : 'bearer'
    default:
      throw new InputError(
        `Input "auth-scheme" must be auto, bearer or api-key; got ${quote(text, 60)}.`
      )
  }
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

export function parseApiUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    // Quoted without userinfo, query or fragment: the text may hold a credential.
    throw new InputError(
      `Input "api-url" must be an absolute https:// URL such as ${DEFAULT_API_URL}; ` +
        `got "${quotableUrl(text)}".`
    )
  }
  // `search` and `hash` are '' for a bare `?` or `#`, which would still break every path.
  if (url.username || url.password || /[?#]/.test(url.href)) {
    throw new InputError(
      'Input "api-url" must be a plain base URL without credentials, query or fragment, ' +
        `such as ${DEFAULT_API_URL}; the token goes in the "token" input.`
    )
  }
  // The API's own docs name endpoints `https://apihub.document360.io/v3/...`: a base URL
  // copied with its version would become /v3/v3/... and every request a misleading 404.
  if (url.pathname.split('/').some(segment => /^v\d+$/i.test(segment))) {
    throw new InputError(
      'Input "api-url" must be the base URL without an API version or endpoint path (the gate ' +
        `adds /v3/projects/… itself), such as ${DEFAULT_API_URL}; got "${quotableUrl(text)}".`
    )
  }
  const loopback = LOOPBACK_HOST.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      `Input "api-url" must use https:// (plain http:// only for 127.0.0.1, localhost or [::1], ` +
        `for local testing); got "${quotableUrl(text)}".`
    )
  }
  return url.href.replace(/\/+$/, '')
}

function parsePublishMode(text: string): PublishMode {
  const mode = text.toLowerCase()
  if (mode === 'never' || mode === 'on-pass') return mode
  throw new InputError(`Input "publish" must be never or on-pass; got ${quote(text, 60)}.`)
}

function parseWorkspaceId(text: string): string {
  if (hasControlCharacter(text)) {
    throw new InputError('Input "workspace-id" must not contain control characters or line breaks.')
  }
  if (Array.from(text).length > MAX_ID_LENGTH) {
    throw new InputError(`Input "workspace-id" is longer than ${MAX_ID_LENGTH} characters.`)
  }
  return text
}

/**
 * The spec URL of a resync: absolute, https (plain http only for loopback hosts, as api-url).
 * A query is allowed (a signed URL's is how a private spec is shared) but never printed: see
 * specUrlSecrets and shownUrl. Credentials in the URL itself and a fragment (never sent to the
 * server that serves the spec) are refused; so are control characters, which URL parsing
 * would silently drop.
 */
export function parseResyncUrl(text: string): string {
  const expected =
    'Input "resync-url" must be an absolute https:// URL of the OpenAPI document, which ' +
    "Document360's servers fetch"
  if (hasControlCharacter(text)) {
    throw new InputError(`${expected}; it contains a control character or line break.`)
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(`${expected}; got "${quotableUrl(text)}".`)
  }
  if (url.username || url.password) {
    throw new InputError(
      'Input "resync-url" must not contain credentials (user:password@): use a URL that needs ' +
        'none, or a signed URL (its query is never printed).'
    )
  }
  if (text.includes('#')) {
    throw new InputError(
      `Input "resync-url" must not have a fragment (#…), which is never sent to the server ` +
        `that serves the spec; got "${quotableUrl(text)}".`
    )
  }
  const loopback = LOOPBACK_HOST.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      `${expected} (plain http:// only for 127.0.0.1, localhost or [::1], for local ` +
        `testing); got "${quotableUrl(text)}".`
    )
  }
  return url.href
}

/** Query values at least this long are treated as secrets (signatures, tokens, keys). */
const SECRET_QUERY_VALUE_LENGTH = 16

/**
 * The parts of a spec URL that may be credentials: its query (as given, and decoded) and each
 * query value of 16 or more characters. Masked in the log and removed from messages.
 */
export function specUrlSecrets(href: string): string[] {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return []
  }
  const query = url.search.slice(1)
  if (query === '') return []
  // Each value as written (percent-encoded) and decoded: a server may echo either.
  const raw = query.split('&').map(pair => pair.slice(pair.indexOf('=') + 1))
  const values = [...raw, ...url.searchParams.values()].filter(
    value => value.length >= SECRET_QUERY_VALUE_LENGTH
  )
  return [...new Set([query, ...values])]
}

/** A URL as the gate prints it: origin and path, `?…` for a query it never shows. */
export function shownUrl(href: string): string {
  const url = new URL(href)
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`
}

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i

/** A `since` this far ahead of the runner's clock is a mistake, not clock skew. */
const MAX_SINCE_AHEAD_MS = 10 * 60 * 1000

/**
 * An ISO 8601 timestamp (without an offset: UTC, whatever the runner's TZ), or a duration back
 * from `now` such as `90s`, `15m`, `2h`, `1h30m`.
 */
export function parseSince(text: string, now: Date): Date {
  const duration = DURATION.exec(text)
  if (duration && text.length > 0) {
    const [, d = '0', h = '0', m = '0', s = '0'] = duration
    const seconds = ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)
    const date = new Date(now.getTime() - seconds * 1000)
    // An absurd duration gives an Invalid Date, which would silently disable the check.
    if (!Number.isNaN(date.getTime())) return date
  }
  const instant = parseInstant(text)
  if (instant !== undefined && instant > now.getTime() + MAX_SINCE_AHEAD_MS) {
    throw new InputError(
      `Input "since" (${quote(text, 60)}) is more than 10 minutes after this step started ` +
        `(${now.toISOString()}): no import could be new enough. Use a time taken before the ` +
        'upload, or a duration back from now such as 15m.'
    )
  }
  if (instant !== undefined) return new Date(instant)
  throw new InputError(
    `Input "since" must be an ISO 8601 timestamp (2026-05-01T12:00:00Z) or a duration back ` +
      `from now (90s, 15m, 2h, 1h30m); got ${quote(text, 60)}.`
  )
}
