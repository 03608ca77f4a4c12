// The report every figure goes into (printed as JSON at the end), and section 5: requests per
// run, gathered from the other sections' figures.

import type { CompareFigure } from './baseline.ts'
import type { bundle } from './bundle.ts'
import type { Comparison } from './compare.ts'
import type { GatesFigure } from './gates.ts'
import type { LatencyFigure } from './latency.ts'
import type { MemoryFigure } from './memory.ts'
import { formatTable } from './format.ts'
import type { MemoryProbe } from './memory-probe.ts'
import type { BenchOptions } from './options.ts'
import type { ResyncGatesFigure } from './resync-gates.ts'

export interface Report {
  meta: {
    date: string
    node: string
    platform: string
    cpus: number
    cpuModel: string
    loadAverage: number[]
    memoryProbe: MemoryProbe
    /** The build measured, relative to the repository. */
    dist: string
    /** Modification time of its index.js when it was copied. */
    distModified: string
    options: Omit<BenchOptions, 'help'>
    durationMs?: number
  }
  clean?: Comparison
  findings?: Comparison
  bundle?: ReturnType<typeof bundle>
  memory?: MemoryFigure[]
  requests?: Record<string, number>
  latency?: LatencyFigure[]
  gates?: GatesFigure
  baseline?: CompareFigure
  resyncGates?: ResyncGatesFigure
}

export function requestFigures(report: Report): Record<string, number> {
  const figures: Record<string, number> = {}
  if (report.clean !== undefined) figures.clean = report.clean.action.requestsPerRun
  if (report.findings !== undefined) figures.findings = report.findings.action.requestsPerRun
  for (const m of report.memory ?? []) {
    if (m.process === 'action') figures[m.scenario] ??= m.requestsPerRun
  }
  for (const l of report.latency ?? []) {
    figures[`in-progress-poll-${l.pollInterval}`] = l.requestsPerRun
  }
  if (report.gates !== undefined) {
    figures.gatesTotal = report.gates.requests
    figures.gates429 = report.gates.tooManyRequests
  }
  return figures
}

export function requestsTable(report: Report): string {
  const rows: string[][] = [['run', 'requests', 'of which 429']]
  for (const c of [report.clean, report.findings]) {
    if (c !== undefined)
      rows.push([`${c.scenario} (per run)`, String(c.action.requestsPerRun), '0'])
  }
  for (const m of report.memory ?? []) {
    if (m.process === 'action' && m.scenario === 'many-findings') {
      rows.push([`${m.scenario} (per run)`, String(m.requestsPerRun), '0'])
    }
  }
  for (const l of report.latency ?? []) {
    rows.push([
      `in-progress, poll-interval ${l.pollInterval} s (per run)`,
      String(l.requestsPerRun),
      '0'
    ])
  }
  if (report.gates !== undefined) {
    const g = report.gates
    rows.push([
      `${g.gates} gates under one rate limit (total)`,
      String(g.requests),
      String(g.tooManyRequests)
    ])
    rows.push([
      `${g.gates} gates under one rate limit (per gate)`,
      (g.requests / g.gates).toFixed(1),
      (g.tooManyRequests / g.gates).toFixed(1)
    ])
  }
  return rows.length === 1 ? '(no section that makes requests was run)' : formatTable(rows)
}
