// The gate's result as every report channel (outputs, annotations, summary, PR comment,
// report file, check run, SARIF) sees it. Built once in judge.ts (publish.ts adds the
// publication), rendered by each channel; its findings are in their final order.

export type Result = 'passed' | 'failed' | 'timed-out' | 'error'

export type Severity = 'error' | 'warning'

/**
 * A finding against the baseline and the waivers: `new` (the baseline does not have it),
 * `unchanged` (it does), `waived` (a waiver accepts it), `fixed` (a baseline finding the judged
 * import no longer has).
 */
export type FindingChange = 'new' | 'unchanged' | 'fixed' | 'waived'

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
  /** Set when findings were compared (a baseline or waivers). */
  change?: FindingChange
  /** The waiver that accepted a `waived` finding: its entry in the waivers file, and why. */
  waiver?: { entry: number; reason: string }
}

/** The comparison with a baseline and the waivers, when either was asked for. */
export interface ComparisonReport {
  /** The `baseline` input as given: `none`, `previous`, `log:<id>`, `api-reference:<id>`. */
  baseline: string
  /** The import log compared with; absent when no baseline was asked for or found. */
  baselineLogId?: string
  /** Its API reference (the judged one's, except with `api-reference:`). */
  baselineApiReferenceId?: string
  baselineStatus?: string
  baselineCreatedAt?: string
  /** Why no baseline was used although one was asked for (every finding then counts as new). */
  baselineMissing?: string
  /** The waivers file, when one was given. */
  waiversFile?: string
  newErrorCount: number
  newWarningCount: number
  unchangedCount: number
  fixedCount: number
  waivedCount: number
}

/** One import of the trend: the judged one and the finished ones before it, oldest first. */
export interface TrendEntry {
  logId: string
  status: string
  createdAt?: string
  errorCount?: number
  warningCount?: number
  /** The judged import (the newest shown). */
  judged?: true
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
  /** Findings compared with a baseline and waivers; `findings` then come new first (see
   * FindingChange), then unchanged, then waived. */
  comparison?: ComparisonReport
  /** Baseline findings the judged import no longer has (`change: 'fixed'`), errors first. */
  fixedFindings?: LocatedFinding[]
  /** Fixed findings left out of this copy of the report (only in capped copies). */
  fixedFindingsOmitted?: number
  /** Error and warning counts of the latest imports, oldest first, the judged one last. */
  trend?: TrendEntry[]
  /**
   * With resync-url, what became of this run's resync: `started` (Document360 accepted it: the
   * judged log is the import it started), `uncertain` (its answer was lost: a new log, if one
   * appeared, was judged as this run's), `failed` (refused, or not sent: see reasons).
   */
  resync?: 'started' | 'uncertain' | 'failed'
  /** With publish: on-pass, whether this run published the API reference, and why not. */
  publication?: Publication
}

export interface Publication {
  workspaceId: string
  published: boolean
  /** Publishing after a pass failed: why (the step fails with it). */
  error?: string
}

/** What a report channel has to say. Channels print nothing themselves: main emits these. */
export interface ChannelNotes {
  info: string[]
  warnings: string[]
}
