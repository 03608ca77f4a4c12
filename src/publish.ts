// Publishing after a pass (publish: on-pass). First one look that the judged import is still
// the newest log of the API reference (else publishing would publish an import nobody judged),
// then the publish request, never repeated. The outcome goes into the report; main.ts decides
// what a failure does to the step (it fails it).

import type { Document360Client } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import { entryId } from './document360/types.ts'
import type { GateReport } from './report/types.ts'
import { shortId } from './text.ts'

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
  const outcome = await publishJudged(client, report.logId, workspaceId)
  report.publication = { workspaceId, ...outcome }
  if (outcome.published) {
    say(`Published API reference ${report.apiReferenceId} in workspace ${workspaceId}.`)
  }
}

export type PublishResult = { published: true } | { published: false; error: string }

export async function publishJudged(
  client: Pick<Document360Client, 'listLogs' | 'publish'>,
  logId: string,
  workspaceId: string
): Promise<PublishResult> {
  try {
    const [newest] = await client.listLogs(1, 1)
    const newestId = newest === undefined ? undefined : entryId(newest)
    if (newestId !== logId) {
      const which = newestId === undefined ? 'another import' : `import ${shortId(newestId)}`
      return {
        published: false,
        error:
          `The import passed but was not published: ${which} is now the newest of this API ` +
          `reference, and publishing would publish it unjudged. Run the gate again; give the ` +
          'runs that import into one reference a concurrency group so that they take turns.'
      }
    }
    await client.publish(workspaceId)
    return { published: true }
  } catch (error) {
    if (!(error instanceof Document360Error)) throw error
    return { published: false, error: `The import passed but publishing failed: ${error.message}` }
  }
}
