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
  /** Findings the log's detail listed, when that differs from the count (the larger is judged). */
  listedErrorCount?: number
  listedWarningCount?: number
  maxErrors: number
  /** null: no limit. */
  maxWarnings: number | null
  /** Errors first, then warnings, in the API's order: every channel shows them in this order. */
  findings: LocatedFinding[]
  /** Findings left out of this copy of the report (only in capped copies). */
  findingsOmitted?: number
}

/** What a report channel has to say. Channels print nothing themselves: main emits these. */
export interface ChannelNotes {
  info: string[]
  warnings: string[]
}
