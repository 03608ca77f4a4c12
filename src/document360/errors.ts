// One error type for everything that can go wrong talking to Document360, with a message that
// names the cause and the fix. API text in it is folded to one line and has secrets removed.

import { oneLine } from '../text.ts'

export type Document360ErrorKind =
  | 'http' // an answer with a non-success status
  | 'network' // connection refused, reset, DNS, TLS, proxy (settings included)
  | 'timeout' // no (complete) answer in time
  | 'body' // a success status with a body we cannot use
  | 'redirect' // a redirect we refuse to follow with credentials
  | 'ambiguous-write' // a write that may or may not have taken effect; never repeated
  | 'request' // a request the gate refuses to send (an id that would change its path)

export class Document360Error extends Error {
  override name = 'Document360Error'
  readonly kind: Document360ErrorKind
  readonly status: number | undefined

  /**
   * `options.cause`: the error underneath (a Node or undici network error), for debugging.
   * Never one that may hold a secret (a proxy URL's credentials, a body excerpt).
   */
  constructor(
    kind: Document360ErrorKind,
    message: string,
    status?: number,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.kind = kind
    this.status = status
  }
}

/** What a request was for, to name it and to give the right hint. */
export interface RequestDescription {
  /** e.g. `list import logs` */
  what: string
  projectId: string
  apiReferenceId: string
  logId?: string
  authScheme: string
  /** Set for requests that change something (their hints are about write access). */
  write?: 'resync' | 'publish'
  /** The workspace a publish names. */
  workspaceId?: string
}

/**
 * Describes an RFC 7807 problem body (or a `success: false` envelope): title, detail,
 * `errors[].code: message`, trace id. Returns '' when the body holds none of these.
 */
export function describeProblem(body: unknown): string {
  if (typeof body !== 'object' || body === null) return ''
  const problem = body as Record<string, unknown>
  const parts: string[] = []
  const title = text(problem.title)
  const detail = text(problem.detail)
  if (title) parts.push(title.replace(/\.$/, ''))
  if (detail && detail !== title) parts.push(detail)
  if (Array.isArray(problem.errors)) {
    const errors = problem.errors
      .map(entry => {
        if (typeof entry !== 'object' || entry === null) return text(entry)
        const e = entry as Record<string, unknown>
        const field = text(e.field)
        return (
          [text(e.code), text(e.message)].filter(Boolean).join(': ') +
          (field ? ` (field ${field})` : '')
        )
      })
      .filter(Boolean)
    if (errors.length > 0) parts.push(`errors: ${errors.slice(0, 5).join('; ')}`)
  }
  const trace = text(problem.trace_id) || text(problem.request_id)
  if (trace) parts.push(`trace_id ${trace}`)
  return oneLine(parts.join(' — '), 600)
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? oneLine(String(value), 300) : ''
}

/** The fix for an HTTP status, in the user's terms. */
export function hintFor(status: number, request: RequestDescription): string {
  if (request.write) return writeHintFor(status, request)
  if (status === 401) return tokenHint(request)
  if (status === 403) {
    return (
      `The token is not allowed to read project ${request.projectId}: it needs the ` +
      `customerApi scope and must belong to that project.`
    )
  }
  if (status === 404) {
    return request.logId
      ? `No import log ${request.logId} for API reference ${request.apiReferenceId} in project ` +
          `${request.projectId}: check log-id.`
      : `Project ${request.projectId} or API reference ${request.apiReferenceId} was not found: ` +
          `check project-id and api-reference-id (and api-url for US or private hosting).`
  }
  if (status === 429) return RATE_LIMIT_HINT
  if (status >= 500) {
    return 'Document360 (or a proxy in front of it) is failing; retried, then gave up. Try again later.'
  }
  if (status === 400 || status === 422) {
    return 'Document360 rejected the request itself; please report this as a bug of the action.'
  }
  return 'Check api-url, project-id and api-reference-id.'
}

const RATE_LIMIT_HINT =
  'Document360 kept rate-limiting this token until the time budget ran out: space out ' +
  'the gates that share it, or raise wait-timeout.'

function tokenHint(request: RequestDescription): string {
  return (
    `Check the token (is the secret set, not revoked, a V3 token of this project?) and ` +
    `auth-scheme: it was sent as ${request.authScheme === 'api-key' ? 'X-API-Key' : 'Authorization: Bearer'}; ` +
    `tokens starting d360_sk_ go as api-key, others as bearer.`
  )
}

/** Hints for a resync or publish: the token must be allowed to change API references. */
function writeHintFor(status: number, request: RequestDescription): string {
  const { projectId, apiReferenceId } = request
  if (status === 401) return tokenHint(request)
  if (status === 403) {
    return (
      `The token may not change API references of project ${projectId} (a read-only token ` +
      `gets 403): use a token with write access to API references of that project.`
    )
  }
  if (status === 404) {
    return request.write === 'publish'
      ? `Project ${projectId}, API reference ${apiReferenceId} or workspace ` +
          `${request.workspaceId ?? '(none)'} was not found: check project-id, api-reference-id ` +
          `and workspace-id (and api-url for US or private hosting).`
      : `Project ${projectId} or API reference ${apiReferenceId} was not found: check ` +
          `project-id and api-reference-id (and api-url for US or private hosting).`
  }
  if (status === 409) {
    return 'Document360 refused it as a conflict: another import of this API reference may still be running; try again when it has finished.'
  }
  if (status === 429) return RATE_LIMIT_HINT
  if (status === 400 || status === 422) {
    return request.write === 'resync'
      ? 'Document360 rejected the resync: check resync-url (an https:// URL of the spec that ' +
          "Document360's servers can fetch)."
      : 'Document360 rejected the publish: check workspace-id.'
  }
  return 'Check api-url, project-id and api-reference-id.'
}
