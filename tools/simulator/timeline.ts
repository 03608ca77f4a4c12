// The scenario timeline: a log's state at a moment after the clock origin, and the wire
// shapes (list entries, findings) the server answers with.

import type { ScenarioFinding, ScenarioLog } from './types.ts'

interface LogState {
  status: string | null | undefined
  errorCount: number | null | undefined
  warningCount: number | null | undefined
}

export function stateAt(log: ScenarioLog, elapsedMs: number): LogState {
  const state: LogState = {
    status: log.status,
    errorCount: log.errorCount,
    warningCount: log.warningCount
  }
  const changes = [...(log.changes ?? [])].sort((a, b) => a.atMs - b.atMs)
  for (const change of changes) {
    if (change.atMs > elapsedMs) break
    if ('status' in change) state.status = change.status
    if ('errorCount' in change) state.errorCount = change.errorCount
    if ('warningCount' in change) state.warningCount = change.warningCount
  }
  return state
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function createdAtOf(log: ScenarioLog, index: number, origin: number): string {
  if (log.createdAt !== undefined) return log.createdAt
  const relative = log.createdAtMs ?? log.appearsAtMs ?? -(index + 1) * 600_000
  return isoSeconds(origin + relative)
}

export function wireEntry(log: ScenarioLog, index: number, origin: number, elapsed: number) {
  const state = stateAt(log, elapsed)
  const entry: Record<string, unknown> = {
    id: log.id,
    status: state.status ?? null,
    created_at: createdAtOf(log, index, origin),
    error_count: state.errorCount ?? null,
    warning_count: state.warningCount ?? null,
    ...log.extra
  }
  for (const field of log.omit ?? []) delete entry[field]
  return entry
}

export function generatedFindings(kind: string, count: number): ScenarioFinding[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => ({
    message: `Simulated ${kind} ${i + 1} of ${count}`,
    path: `/paths/~1simulated/get/responses/${200 + i}`
  }))
}

export function wireFinding(finding: ScenarioFinding) {
  return { message: finding.message ?? null, path: finding.path ?? null }
}
