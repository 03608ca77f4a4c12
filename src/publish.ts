// Publishing after a pass (publish: on-pass). First one look that the judged import is still
// the newest log of the API reference (else publishing would publish an import nobody judged),
// then the publish request, never repeated. The outcome goes into the report; main.ts decides
// what a failure does to the step (it fails it).

import { notNewestFirst, outOfOrder } from './baseline/history.ts'
import type { Document360Client } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import { entryId, sameLogId, type ImportLog, type LogListEntry } from './document360/types.ts'
import type { GateReport } from './report/types.ts'
import { quote, shortId } from './text.ts'

/** Publishes after a passed verdict only, and records what became of it in the report. */
export async function publishOnPass(
  report: GateReport,
  client: Pick<Document360Client, 'listLogs' | 'publish'> | undefined,
  workspaceId: string,
  say: (message: string) => void
): Promise<void> {
  if (report.result !== 'passed' || client === undefined || report.logId === undefined) {
    report.publication = { workspaceId, published: false }
    say(`Not publishing: the gate's result is ${report.result}, and only a pass is published.`)
    return
  }
  const judged: JudgedImport = { id: report.logId, status: report.status ?? '' }
  if (report.errorCount !== undefined) judged.errorCount = report.errorCount
  if (report.warningCount !== undefined) judged.warningCount = report.warningCount
  const outcome = await publishJudged(client, judged, workspaceId)
  report.publication = { workspaceId, ...outcome }
  if (outcome.published) {
    say(`Published API reference ${report.apiReferenceId} in workspace ${workspaceId}.`)
  }
}

export type PublishResult = { published: true } | { published: false; error: string }

/** The judged import as the list showed it when it was judged. */
export type JudgedImport = Pick<ImportLog, 'id' | 'status' | 'errorCount' | 'warningCount'>

export async function publishJudged(
  client: Pick<Document360Client, 'listLogs' | 'publish'>,
  judged: JudgedImport,
  workspaceId: string
): Promise<PublishResult> {
  try {
    const entries = await client.listLogs(1, 1)
    // More than asked for, and not newest first: the first is not the newest import.
    const disorder = outOfOrder(entries)
    if (disorder !== undefined) {
      const what = 'whether the judged import is still the newest'
      return {
        published: false,
        error: `The import passed but was not published: ${notNewestFirst(disorder, what)}`
      }
    }
    const [newest] = entries
    const newestId = newest === undefined ? undefined : entryId(newest)
    if (newestId === undefined || !sameLogId(newestId, judged.id)) {
      const which = newestId === undefined ? 'another import' : `import ${shortId(newestId)}`
      return {
        published: false,
        error:
          `The import passed but was not published: ${which} is now the newest of this API ` +
          `reference, and publishing would publish it unjudged. Run the gate again; give the ` +
          'runs that import into one reference a concurrency group so that they take turns.'
      }
    }
    // Still the newest, but no longer as judged (now Failed, more errors): what publishing
    // would publish is not what passed.
    const changed = newest === undefined ? undefined : changeOf(judged, newest)
    if (changed !== undefined) {
      return {
        published: false,
        error:
          `The import passed but was not published: Document360 now lists import ` +
          `${shortId(judged.id)} ${changed}, so publishing would publish what did not pass. ` +
          'Run the gate again.'
      }
    }
    await client.publish(workspaceId)
    return { published: true }
  } catch (error) {
    if (!(error instanceof Document360Error)) throw error
    return { published: false, error: `The import passed but publishing failed: ${error.message}` }
  }
}

/** How the list entry differs from the judged import; undefined when it is the same. */
function changeOf(judged: JudgedImport, entry: LogListEntry): string | undefined {
  if (!('log' in entry)) return 'in an entry the gate cannot read'
  const { log } = entry
  if (
    log.status === judged.status &&
    log.errorCount === judged.errorCount &&
    log.warningCount === judged.warningCount
  ) {
    return undefined
  }
  const state = (item: JudgedImport) =>
    `${quote(item.status, 40)}, ${item.errorCount ?? '?'} errors, ${item.warningCount ?? '?'} warnings`
  return `as ${state(log)}, not as judged (${state(judged)})`
}
