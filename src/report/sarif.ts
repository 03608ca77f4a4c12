// Every finding as a SARIF 2.1.0 result, for GitHub code scanning (alerts on the spec's
// lines, "new alerts" in pull requests, dismissals that stick). One run per API reference,
// told apart by `automationDetails.id`. An alert keeps its identity while lines move: its
// fingerprint hashes the API reference and the finding's identity as the baseline compares
// it (baseline/identity.ts: canonical pointer, message with white space folded), never the
// line. The builder is pure; sarifUnfitReason says when a log would close alerts that
// still stand; the writer puts the file under RUNNER_TEMP.

import { createHash } from 'node:crypto'
import { canonicalPointer, normalizeMessage } from '../baseline/identity.ts'
import { byteLength, collapseSpace, percentEncodeId, truncate, visible } from '../text.ts'
import { ACTION_VERSION } from '../version.ts'
import { repositoryUrl, type RunContext } from '../context.ts'
import { writeRunnerFile, type Written } from './report-file.ts'
import type { GateReport, LocatedFinding, Severity } from './types.ts'

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
/** Code scanning rejects a run with more results than this. */
const SARIF_MAX_RESULTS = 25_000
/**
 * Code scanning rejects an upload over 10 MB gzip-compressed; counting the file itself
 * uncompressed keeps any upload under that.
 */
const SARIF_MAX_BYTES = 10 * 1024 * 1024
export const FINGERPRINT_KEY = 'document360ImportFinding/v1'
const TOOL_NAME = 'Document360 Import Gate'
const MAX_MESSAGE_CODE_POINTS = 8_000

const RULES = {
  error: {
    id: 'document360/import-error',
    name: 'ImportError',
    shortDescription: { text: 'Document360 import error' },
    fullDescription: {
      text:
        'Document360 reported an error while importing this OpenAPI document: the part it ' +
        'designates may be missing from, or wrong in, the published API reference.'
    },
    help: {
      text:
        'Fix the spec at this place and import it again. The message is what Document360 ' +
        'reported; the import log in the Document360 portal has the whole context.'
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['document360', 'openapi', 'import'] }
  },
  warning: {
    id: 'document360/import-warning',
    name: 'ImportWarning',
    shortDescription: { text: 'Document360 import warning' },
    fullDescription: {
      text:
        'Document360 imported this part of the OpenAPI document with a warning: it is ' +
        'published, possibly not as written.'
    },
    help: {
      text:
        'Check the spec at this place. The message is what Document360 reported; the ' +
        'import log in the Document360 portal has the whole context.'
    },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['document360', 'openapi', 'import'] }
  }
} as const

const RULE_ORDER: readonly Severity[] = ['error', 'warning']

export interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: Severity
  message: { text: string }
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' }
        region: { startLine: number }
      }
    }
  ]
  partialFingerprints: Record<string, string>
  properties: { pointer: string; lineResolved: boolean }
  /** Compared with a baseline: whether the baseline has it too (SARIF's own field). */
  baselineState?: 'new' | 'unchanged'
  /** A waived finding: accepted, with the waiver's reason (code scanning shows it dismissed). */
  suppressions?: [{ kind: 'external'; justification: string }]
}

/** What was left out of the run, and why; recorded in the run's properties. */
export interface OmittedResults {
  total: number
  errors: number
  warnings: number
  /** No place in the repository (no `spec-file`, or a file outside the repository). */
  withoutLocation: number
  overResultLimit: number
  overFileSizeLimit: number
}

export interface SarifRun {
  tool: {
    driver: {
      name: string
      version: string
      semanticVersion: string
      informationUri?: string
      rules: (typeof RULES)[Severity][]
    }
  }
  automationDetails: { id: string }
  results: SarifResult[]
  properties: {
    apiReferenceId: string
    projectId: string
    logId?: string
    importStatus?: string
    findings: number
    omittedResults: OmittedResults
  }
}

export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: [SarifRun]
}

export interface SarifOptions {
  /** Workspace-relative finding file → path relative to the repository root. */
  repositoryPaths: ReadonlyMap<string, string>
  /** Default SARIF_MAX_RESULTS. */
  maxResults?: number
  /** Default SARIF_MAX_BYTES (of the compact JSON). */
  maxBytes?: number
}

/**
 * The SARIF log of a judged report. Findings without a place in the repository are left
 * out (code scanning rejects the whole file for one result without a location); over
 * code scanning's limits, warnings go before errors. Both are counted in the run's
 * `properties.omittedResults`.
 */
export function buildSarif(
  report: GateReport,
  context: RunContext,
  options: SarifOptions
): SarifLog {
  const run = emptyRun(report, context)
  const omitted = run.properties.omittedResults
  const located: SarifResult[] = []
  const occurrences = new Map<string, number>()
  // The report's order puts errors first, so the limits cut warnings before errors.
  for (const finding of report.findings) {
    const result = toResult(finding, report.apiReferenceId, options.repositoryPaths, occurrences)
    if (result === undefined) {
      omit(omitted, finding.severity, 'withoutLocation')
      continue
    }
    located.push(result)
  }

  const maxResults = options.maxResults ?? SARIF_MAX_RESULTS
  const maxBytes = options.maxBytes ?? SARIF_MAX_BYTES
  // Room for the numbers that the omitted counts may still grow to.
  let bytes = byteLength(JSON.stringify(logOf(run))) + 64
  for (const result of located) {
    if (run.results.length >= maxResults) {
      omit(omitted, result.level, 'overResultLimit')
      continue
    }
    const size = byteLength(JSON.stringify(result)) + 1
    if (bytes + size > maxBytes) {
      omit(omitted, result.level, 'overFileSizeLimit')
      continue
    }
    bytes += size
    run.results.push(result)
  }
  return logOf(run)
}

/**
 * Why the log should not be uploaded, if it should not: code scanning takes a finding
 * missing from an upload as fixed, so a log that lacks findings for want of their place
 * (no `spec-file`, or one that could not be read) or of the findings themselves (their
 * request failed) would close alerts that still stand. Undefined when it is fit to upload.
 */
export function sarifUnfitReason(report: GateReport, log: SarifLog): string | undefined {
  if (report.result !== 'passed' && report.result !== 'failed') {
    return `the gate judged no import (result ${report.result}).`
  }
  const counted = (report.errorCount ?? 0) + (report.warningCount ?? 0)
  if (report.findings.length === 0 && counted > 0) {
    return "the import's findings could not be fetched."
  }
  const { withoutLocation } = log.runs[0].properties.omittedResults
  if (withoutLocation > 0) {
    // A finding with a file but no place: spec-file was read, but lies in no git repository.
    const outside = report.findings.some(finding => finding.file !== undefined)
    return (
      `${withoutLocation} of ${report.findings.length} findings have no place in the ` +
      (outside
        ? 'repository (spec-file is in no repository checked out here: name the spec ' +
          'inside the repository that actions/checkout checked out).'
        : 'repository (set spec-file to the imported OpenAPI document; if it is set, see ' +
          'the warning about it).')
    )
  }
  return undefined
}

/**
 * Builds and writes the SARIF file of a judged import: its path; or, when a file would close
 * alerts that still stand (see sarifUnfitReason), a line that says why there is none.
 */
export async function writeSarifReport(
  report: GateReport,
  context: RunContext,
  repositoryPaths: ReadonlyMap<string, string>
): Promise<Written | { info: string }> {
  const log = buildSarif(report, context, { repositoryPaths })
  const unfit = sarifUnfitReason(report, log)
  if (unfit !== undefined) return { info: `No SARIF file (sarif-file is empty): ${unfit}` }
  return writeRunnerFile(context.runnerTemp, {
    what: 'The SARIF file',
    prefix: 'findings',
    apiReferenceId: report.apiReferenceId,
    extension: 'sarif',
    text: JSON.stringify(log)
  })
}

/** The line-independent identity of a finding (before its occurrence number). */
export function findingFingerprint(
  apiReferenceId: string,
  pointer: string,
  message: string
): string {
  // The baseline's identity of a finding (identity.ts): one path for both pointer spellings.
  const identity = JSON.stringify([
    apiReferenceId,
    canonicalPointer(pointer),
    normalizeMessage(message)
  ])
  return createHash('sha256').update(identity).digest('hex')
}

/** `document360-import-gate/<id>/`, the id spelt with characters that cannot vary. */
export function automationId(apiReferenceId: string): string {
  return `document360-import-gate/${percentEncodeId(apiReferenceId)}/`
}

function emptyRun(report: GateReport, context: RunContext): SarifRun {
  const driver: SarifRun['tool']['driver'] = {
    name: TOOL_NAME,
    version: ACTION_VERSION,
    semanticVersion: ACTION_VERSION,
    rules: RULE_ORDER.map(severity => RULES[severity])
  }
  const home = repositoryUrl(context.serverUrl, context.actionRepository)
  if (home !== undefined) driver.informationUri = home
  const properties: SarifRun['properties'] = {
    apiReferenceId: report.apiReferenceId,
    projectId: report.projectId,
    findings: report.findings.length,
    omittedResults: {
      total: 0,
      errors: 0,
      warnings: 0,
      withoutLocation: 0,
      overResultLimit: 0,
      overFileSizeLimit: 0
    }
  }
  if (report.logId !== undefined) properties.logId = report.logId
  if (report.status !== undefined) properties.importStatus = report.status
  return {
    tool: { driver },
    automationDetails: { id: automationId(report.apiReferenceId) },
    results: [],
    properties
  }
}

function toResult(
  finding: LocatedFinding,
  apiReferenceId: string,
  repositoryPaths: ReadonlyMap<string, string>,
  occurrences: Map<string, number>
): SarifResult | undefined {
  const file = finding.file === undefined ? undefined : repositoryPaths.get(finding.file)
  if (file === undefined) return undefined
  const hash = findingFingerprint(apiReferenceId, finding.path, finding.message)
  // The same message on the same path twice: two alerts, told apart by their order.
  const occurrence = (occurrences.get(hash) ?? 0) + 1
  occurrences.set(hash, occurrence)
  const rule = RULES[finding.severity]
  const result: SarifResult = {
    ruleId: rule.id,
    ruleIndex: RULE_ORDER.indexOf(finding.severity),
    level: finding.severity,
    message: { text: messageText(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' },
          // A path that did not resolve to a line: the file's first line, as check runs do.
          region: { startLine: finding.line ?? 1 }
        }
      }
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
    properties: { pointer: finding.path, lineResolved: finding.line !== undefined }
  }
  if (finding.change === 'new' || finding.change === 'unchanged') {
    result.baselineState = finding.change
  }
  if (finding.waiver !== undefined) {
    result.suppressions = [
      { kind: 'external', justification: truncate(collapseSpace(finding.waiver.reason), 1000) }
    ]
  }
  return result
}

function messageText(finding: LocatedFinding): string {
  const message = collapseSpace(finding.message) || '(Document360 gave no message)'
  const pointer = collapseSpace(finding.path)
  return truncate(
    visible(pointer ? `${message} (path: ${pointer})` : message),
    MAX_MESSAGE_CODE_POINTS
  )
}

/** A relative URI reference: each segment percent-encoded (spaces, `#`, `%`, `?`). */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

function omit(
  omitted: OmittedResults,
  severity: Severity,
  reason: 'withoutLocation' | 'overResultLimit' | 'overFileSizeLimit'
): void {
  omitted.total++
  omitted[severity === 'error' ? 'errors' : 'warnings']++
  omitted[reason]++
}

function logOf(run: SarifRun): SarifLog {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }
}
