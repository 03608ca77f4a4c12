// Finds the baseline the `baseline` input asks for and fetches its findings:
// - `previous`: the newest finished import of the same reference older than the judged one,
//   from the page the gate already read (one request: its detail);
// - `log:<id>`: that log of the same reference (one request: its detail);
// - `api-reference:<id>`: the newest finished import of another reference of the project (two
//   requests: its list, its detail).
// A baseline that does not exist (no such import, log or reference: HTTP 404) is `missing`,
// which the run reports as a warning; any other API failure is thrown, and the verdict is
// `error`.

import type { Document360Client } from '../document360/client.ts'
import { MAX_PAGE_SIZE } from '../document360/client.ts'
import { Document360Error } from '../document360/errors.ts'
import { sameLogId, type ImportLog, type LogListEntry } from '../document360/types.ts'
import type { BaselineChoice } from '../inputs.ts'
import { classifyStatus } from '../status.ts'
import { oneLine, shortId } from '../text.ts'
import type { Unlisted } from './classify.ts'
import { isFinished, notNewestFirst, outOfOrder, usableLogs, type LogHistory } from './history.ts'
import type { FindingIdentity } from './identity.ts'

export type LogsClient = Pick<Document360Client, 'listLogs' | 'getLogDetail'>

export interface Baseline {
  /** What the list said of it; only `id` when it was named by log:<id> and not on the page. */
  log: ImportLog | { id: string }
  apiReferenceId: string
  findings: FindingIdentity[]
  /** Findings its counts have beyond those its detail lists. */
  unlisted: Unlisted
}

export type BaselineOutcome = { baseline: Baseline } | { missing: string }

export interface BaselineContext {
  judged: ImportLog
  history: LogHistory
  apiReferenceId: string
  projectId: string
  /** The judged reference's client. */
  client: LogsClient
  /** A client for another API reference of the project. */
  clientFor: (apiReferenceId: string) => LogsClient
}

export async function findBaseline(
  choice: Exclude<BaselineChoice, { kind: 'none' }>,
  context: BaselineContext
): Promise<BaselineOutcome> {
  switch (choice.kind) {
    case 'previous':
      return previous(context)
    case 'log':
      return namedLog(choice.logId, context)
    case 'api-reference':
      return otherReference(choice.apiReferenceId, context)
  }
}

async function previous(context: BaselineContext): Promise<BaselineOutcome> {
  const { history, client, judged } = context
  // Never the judged import itself, listed again (on the next page, after logs moved down).
  const isBaseline = (log: ImportLog) => isFinished(log) && !sameLogId(log.id, judged.id)
  inOrder([{ log: judged }, ...history.older])
  let candidate = usableLogs(history.older).find(isBaseline)
  let looked = history.older.length
  // Only when every older import on the judged one's (full) page is still running.
  if (candidate === undefined && history.full) {
    const next = await client.listLogs(history.page + 1, history.pageSize)
    inOrder([{ log: judged }, ...next])
    candidate = usableLogs(next).find(isBaseline)
    looked += next.length
  }
  if (candidate === undefined) {
    return {
      missing:
        looked === 0
          ? `API reference ${context.apiReferenceId} has no import before the judged one`
          : `none of the ${looked} imports of API reference ${context.apiReferenceId} before the ` +
            'judged one has finished'
    }
  }
  return withFindings(candidate, context.apiReferenceId, client)
}

/** Listed out of order, the first finished import after the judged one is no `previous`. */
function inOrder(entries: LogListEntry[]): void {
  const disorder = outOfOrder(entries)
  if (disorder === undefined) return
  const what = 'which finished import came just before the judged one (baseline previous)'
  throw new Document360Error('body', notNewestFirst(disorder, what))
}

async function namedLog(logId: string, context: BaselineContext): Promise<BaselineOutcome> {
  if (sameLogId(logId, context.judged.id)) {
    return { missing: `log:${oneLine(logId, 100)} names the judged import itself` }
  }
  const listed = usableLogs(context.history.older).find(log => sameLogId(log.id, logId))
  if (listed !== undefined && !isFinished(listed)) {
    return { missing: `import log ${shortId(logId)} is ${notFinished(listed)}` }
  }
  return notFound(
    () => withFindings(listed ?? { id: logId }, context.apiReferenceId, context.client),
    `there is no import log ${oneLine(logId, 100)} in API reference ${context.apiReferenceId}`
  )
}

async function otherReference(
  apiReferenceId: string,
  context: BaselineContext
): Promise<BaselineOutcome> {
  const client = context.clientFor(apiReferenceId)
  return notFound(
    async () => {
      const entries = await client.listLogs(1, MAX_PAGE_SIZE)
      // Listed oldest first, the first finished import would be the oldest: a wrong baseline.
      const disorder = outOfOrder(entries)
      if (disorder !== undefined) {
        const what = `which import of API reference ${oneLine(apiReferenceId, 100)} is the latest`
        throw new Document360Error('body', notNewestFirst(disorder, what))
      }
      const newest = usableLogs(entries).find(isFinished)
      if (newest === undefined) {
        return {
          missing:
            entries.length === 0
              ? `API reference ${oneLine(apiReferenceId, 100)} has no imports`
              : `none of the ${entries.length} latest imports of API reference ` +
                `${oneLine(apiReferenceId, 100)} has finished`
        }
      }
      return withFindings(newest, apiReferenceId, client)
    },
    `there is no API reference ${oneLine(apiReferenceId, 100)} in project ${context.projectId} (or its import log is gone)`
  )
}

/** The baseline with its findings; a finished clean import needs no request. */
async function withFindings(
  log: ImportLog | { id: string },
  apiReferenceId: string,
  client: LogsClient
): Promise<{ baseline: Baseline }> {
  const counts = 'status' in log ? log : undefined
  const clean =
    counts?.errorCount === 0 &&
    counts.warningCount === 0 &&
    classifyStatus(counts.status) === 'succeeded'
  const detail = clean ? { errors: [], warnings: [] } : await client.getLogDetail(log.id)
  const findings: FindingIdentity[] = [
    ...detail.errors.map(f => ({ severity: 'error' as const, message: f.message, path: f.path })),
    ...detail.warnings.map(f => ({
      severity: 'warning' as const,
      message: f.message,
      path: f.path
    }))
  ]
  const unlisted = {
    errors: Math.max(0, (counts?.errorCount ?? 0) - detail.errors.length),
    warnings: Math.max(0, (counts?.warningCount ?? 0) - detail.warnings.length)
  }
  return { baseline: { log, apiReferenceId, findings, unlisted } }
}

/** HTTP 404 means the baseline does not exist: `missing`. Every other failure is thrown. */
async function notFound(
  find: () => Promise<BaselineOutcome>,
  missing: string
): Promise<BaselineOutcome> {
  try {
    return await find()
  } catch (error) {
    if (error instanceof Document360Error && error.kind === 'http' && error.status === 404) {
      return { missing }
    }
    throw error
  }
}

function notFinished(log: ImportLog): string {
  const status = oneLine(log.status, 40)
  return classifyStatus(log.status) === 'running'
    ? `still ${status}`
    : `in a status the gate cannot place (${status})`
}
