// The V3 operations the gate needs, on top of Transport: two reads (the import logs) and two
// writes (resync, publish).

import type { Dispatcher } from 'undici'
import { USER_AGENT } from '../version.ts'
import type { Clock } from '../clock.ts'
import { quote } from '../text.ts'
import { Document360Error, describeProblem, type RequestDescription } from './errors.ts'
import { Transport } from './http.ts'
import { isUnsuccessful, parseLogDetail, parseLogPage } from './parse.ts'
import { pathSegmentProblem } from './path-segment.ts'
import type { RateLimit } from './retry.ts'
import type { AuthScheme, LogDetail, LogListEntry } from './types.ts'
import { hideUserinfo } from './userinfo.ts'

export const MAX_PAGE_SIZE = 100

export interface ClientOptions {
  apiUrl: string
  token: string
  authScheme: AuthScheme
  projectId: string
  apiReferenceId: string
  deadlineMs: number
  dispatcher?: Dispatcher | undefined
  clock?: Clock | undefined
  requestTimeoutMs?: number | undefined
  onRetry?: ((message: string) => void) | undefined
  onDebug?: ((message: string) => void) | undefined
  /** Told about the rate-limit headers of each answer that has usable ones. */
  onRateLimit?: ((rateLimit: RateLimit) => void) | undefined
  /** More text no message may contain, besides the token (a signed spec URL's query). */
  secrets?: readonly string[] | undefined
}

export class Document360Client {
  private readonly transport: Transport
  private readonly options: ClientOptions
  private readonly referencePath: string
  private readonly basePath: string

  constructor(options: ClientOptions) {
    this.options = options
    this.referencePath =
      `/v3/projects/${encodeURIComponent(options.projectId)}` +
      `/api-references/${encodeURIComponent(options.apiReferenceId)}`
    this.basePath = `${this.referencePath}/logs`
    const auth: Record<string, string> =
      options.authScheme === 'api-key'
        ? { 'x-api-key': options.token }
        : { authorization: `Bearer ${options.token}` }
    this.transport = new Transport({
      baseUrl: options.apiUrl,
      headers: { ...auth, 'user-agent': USER_AGENT },
      deadlineMs: options.deadlineMs,
      secrets: [options.token, ...(options.secrets ?? [])],
      dispatcher: options.dispatcher,
      clock: options.clock,
      requestTimeoutMs: options.requestTimeoutMs,
      onRetry: options.onRetry,
      onDebug: options.onDebug,
      onRateLimit: options.onRateLimit
    })
  }

  /** The rate-limit headers of the latest answer (undefined when it had no usable ones). */
  get rateLimit(): RateLimit | undefined {
    return this.transport.rateLimit
  }

  /** One page of import logs, newest first, each entry checked (see parse.ts toLogListEntry). */
  async listLogs(page: number, pageSize: number): Promise<LogListEntry[]> {
    const body = await this.transport.getJson(
      `${this.basePath}?page=${page}&page_size=${pageSize}`,
      this.describe('list import logs')
    )
    return parseLogPage(body)
  }

  /** The findings (errors and warnings) of one import log. */
  async getLogDetail(logId: string): Promise<LogDetail> {
    // The id came from the server: it must stay one segment of this endpoint's path.
    const problem = pathSegmentProblem(logId)
    if (problem !== undefined) {
      throw new Document360Error(
        'body',
        `The import log id ${quote(logId, 60)} ${problem}: the gate will not request its findings.`
      )
    }
    const body = await this.transport.getJson(
      `${this.basePath}/${encodeURIComponent(logId)}`,
      this.describe(`get the findings of import log ${logId}`, logId)
    )
    return parseLogDetail(body, logId)
  }

  /**
   * Starts an import of the spec at `url` (a resync; the articles stay drafts). Never sent
   * twice once it may have reached Document360: see Transport.sendJson and the error kind
   * `ambiguous-write`. Returns the answer's JSON body, if any (undocumented).
   */
  async resync(url: string): Promise<unknown> {
    const what = `resync API reference ${this.options.apiReferenceId}`
    const description = { ...this.describe(what), write: 'resync' as const }
    const body = { url, publish_articles: false }
    const answer = await this.transport.sendJson('PUT', this.referencePath, body, description)
    return checkWriteAnswer(answer, description)
  }

  /** Publishes the API reference's articles in `workspaceId`. Never sent twice, as resync. */
  async publish(workspaceId: string): Promise<unknown> {
    const what = `publish API reference ${this.options.apiReferenceId}`
    const description = { ...this.describe(what), write: 'publish' as const, workspaceId }
    const body = { workspace_id: workspaceId }
    const path = `${this.referencePath}/publish`
    const answer = await this.transport.sendJson('POST', path, body, description)
    return checkWriteAnswer(answer, description)
  }

  private describe(what: string, logId?: string): RequestDescription {
    const { projectId, apiReferenceId, authScheme } = this.options
    return { what, projectId, apiReferenceId, authScheme, ...(logId ? { logId } : {}) }
  }
}

/**
 * A 2xx whose body still says `success: false` (or any `success` but `true`) did not do what
 * was asked: claiming a publish that did not happen would be a false green.
 */
function checkWriteAnswer(answer: unknown, description: RequestDescription): unknown {
  if (
    typeof answer === 'object' &&
    answer !== null &&
    !Array.isArray(answer) &&
    isUnsuccessful(answer as Record<string, unknown>)
  ) {
    const problem = describeProblem(answer)
    throw new Document360Error(
      'http',
      hideUserinfo(
        `Document360 accepted the request to ${description.what} but reported it as ` +
          `unsuccessful${problem ? ` (${problem})` : ' without saying why'}.`
      )
    )
  }
  return answer
}
