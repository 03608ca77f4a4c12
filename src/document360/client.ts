// The two V3 operations the gate needs, on top of Transport.

import type { Dispatcher } from 'undici'
import type { AuthScheme } from '../inputs.ts'
import { USER_AGENT } from '../version.ts'
import type { Clock } from '../clock.ts'
import { quote } from '../text.ts'
import { Document360Error, type RequestDescription } from './errors.ts'
import { Transport } from './http.ts'
import { parseLogDetail, parseLogPage } from './parse.ts'
import { pathSegmentProblem } from './path-segment.ts'
import type { LogDetail, LogListEntry } from './types.ts'

export const MAX_PAGE_SIZE = 100

export interface ClientOptions {
  apiUrl: string
  token: string
  authScheme: AuthScheme
  projectId: string
  apiReferenceId: string
  deadlineMs: number
  dispatcher?: Dispatcher
  clock?: Clock
  requestTimeoutMs?: number
  onRetry?: (message: string) => void
  onDebug?: (message: string) => void
}

export class Document360Client {
  private readonly transport: Transport
  private readonly options: ClientOptions
  private readonly basePath: string

  constructor(options: ClientOptions) {
    this.options = options
    this.basePath =
      `/v3/projects/${encodeURIComponent(options.projectId)}` +
      `/api-references/${encodeURIComponent(options.apiReferenceId)}/logs`
    const auth: Record<string, string> =
      options.authScheme === 'api-key'
        ? { 'x-api-key': options.token }
        : { authorization: `Bearer ${options.token}` }
    this.transport = new Transport({
      baseUrl: options.apiUrl,
      headers: { ...auth, 'user-agent': USER_AGENT },
      deadlineMs: options.deadlineMs,
      secrets: [options.token],
      dispatcher: options.dispatcher,
      clock: options.clock,
      requestTimeoutMs: options.requestTimeoutMs,
      onRetry: options.onRetry,
      onDebug: options.onDebug
    })
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

  private describe(what: string, logId?: string): RequestDescription {
    const { projectId, apiReferenceId, authScheme } = this.options
    return { what, projectId, apiReferenceId, authScheme, ...(logId ? { logId } : {}) }
  }
}
