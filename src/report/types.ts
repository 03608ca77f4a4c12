// The gate's result as every report channel (outputs, annotations, summary, PR
// comment, report file) sees it. Built once in main.ts, rendered by each channel.

export type Result = 'passed' | 'failed' | 'timed-out' | 'error'

export type Severity = 'error' | 'warning'

/** A finding with its place in the repository's spec file, when one was found. */
export interface LocatedFinding {
  severity: Severity
  message: string
  /** JSON pointer into the imported document, as Document360 reported it. */
  path: string
  /** Spec file relative to the workspace (set when `spec-file` was given and read). */
  file?: string
  /** 1-based line of the key the path ends at, when the path resolved. */
  line?: number
}

export interface GateReport {
  result: Result
  /** Why the result is what it is, one sentence each (empty for a plain pass). */
  reasons: string[]
  projectId: string
  apiReferenceId: string
  logId?: string
  /** Status exactly as Document360 reports it. */
  status?: string
  createdAt?: string
  errorCount?: number
  warningCount?: number
  maxErrors: number
  /** null: no limit. */
  maxWarnings: number | null
  /** Errors first, then warnings, in the API's order. */
  findings: LocatedFinding[]
  /** Findings left out of this copy of the report (only in capped copies). */
  findingsOmitted?: number
}

/** Where the run happens, for links in the summary and the PR comment. */
export interface RunContext {
  serverUrl: string
  repository?: string
  sha?: string
  runId?: string
  runAttempt?: string
  /** GITHUB_EVENT_NAME. */
  eventName?: string
  /** The commit the workflow runs for: the PR's head on pull_request(_target) events, else GITHUB_SHA. */
  headSha?: string
  /** RUNNER_NAME: finds this job among the run's jobs (a runner runs one job at a time). */
  runnerName?: string
  /** GITHUB_ACTION_REPOSITORY (`owner/name` of this action when used from a repository). */
  actionRepository?: string
}
