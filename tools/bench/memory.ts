// Section 4: peak memory (RSS) of the action on a clean run, a run with findings and one
// with thousands of findings, beside bare node doing the clean run's requests.

import { join } from 'node:path'
import { bareFetchArgs, bareRequests } from './bare-floor.ts'
import type { BareRequest } from './bare-floor.ts'
import { formatMiB, formatMs, formatTable } from './format.ts'
import {
  FINDINGS_INPUTS,
  counted,
  describeRun,
  expectResult,
  progress,
  withSimulator
} from './helpers.ts'
import { actionJob, bareJob, nextRunNumber, scratch } from './jobs.ts'
import { GNU_TIME, withMemoryProbe } from './memory-probe.ts'
import type { MemoryProbe } from './memory-probe.ts'
import type { BenchOptions } from './options.ts'
import { median, summarize } from './stats.ts'
import type { Summary } from './stats.ts'

export interface MemoryFigure {
  scenario: string
  process: 'action' | 'bare'
  runs: number
  medianKiB?: number
  maxKiB?: number
  samplesKiB: number[]
  durationMs: Summary
  requestsPerRun: number
}

const MEMORY_CASES: Array<{ scenario: string; inputs: Record<string, string>; result: string }> = [
  { scenario: 'clean', inputs: {}, result: 'passed' },
  { scenario: 'findings', inputs: FINDINGS_INPUTS, result: 'failed' },
  { scenario: 'many-findings', inputs: {}, result: 'failed' }
]

export async function memory(options: BenchOptions, probe: MemoryProbe): Promise<MemoryFigure[]> {
  const figures: MemoryFigure[] = []
  const cases = [
    ...MEMORY_CASES.map(c => ({ ...c, process: 'action' as const })),
    { scenario: 'clean', inputs: {}, result: 'passed', process: 'bare' as const }
  ]
  for (const item of cases) {
    progress(`memory: ${item.scenario} (${item.process}), ${options.memoryRuns} run(s)`)
    const figure = await withSimulator({ scenario: item.scenario }, async sim => {
      let requests: BareRequest[] = []
      if (item.process === 'bare') {
        const first = await counted(sim, actionJob(sim, item.inputs))
        requests = bareRequests(sim.url, sim.requests.slice(-first.requests))
      }
      const samples: number[] = []
      const durations: number[] = []
      const counts: number[] = []
      for (let i = 0; i < options.memoryRuns; i += 1) {
        const plain =
          item.process === 'action'
            ? actionJob(sim, item.inputs)
            : bareJob(sim, bareFetchArgs(requests))
        const job = withMemoryProbe(plain, probe, join(scratch, `rss-${nextRunNumber()}`))
        const { run, requests: count } = await counted(sim, job)
        if (item.process === 'action') expectResult(run, item.result, `memory ${item.scenario}`)
        else if (run.code !== 0) throw new Error(`memory: bare node failed: ${describeRun(run)}`)
        if (run.maxRssKiB !== undefined) samples.push(run.maxRssKiB)
        durations.push(run.ms)
        counts.push(count)
      }
      const figure: MemoryFigure = {
        scenario: item.scenario,
        process: item.process,
        runs: options.memoryRuns,
        samplesKiB: samples,
        durationMs: summarize(durations),
        requestsPerRun: median(counts)
      }
      if (samples.length > 0) {
        figure.medianKiB = median(samples)
        figure.maxKiB = Math.max(...samples)
      }
      return figure
    })
    figures.push(figure)
  }
  return figures
}

export function memoryTable(figures: MemoryFigure[], probe: MemoryProbe): string {
  const table = formatTable([
    ['run', 'peak RSS (median)', 'peak RSS (max)', 'runs', 'duration (median)'],
    ...figures.map(f => [
      f.process === 'action' ? `action, ${f.scenario}` : `bare node, ${f.scenario}`,
      formatMiB(f.medianKiB),
      formatMiB(f.maxKiB),
      String(f.runs),
      formatMs(f.durationMs.median)
    ])
  ])
  const how = {
    'gnu-time': `measured with ${GNU_TIME} -f %M (max RSS of the process)`,
    'node-preload': 'measured by a preloaded module: process.resourceUsage().maxRSS at exit',
    none: 'not measured: neither /usr/bin/time nor the preload probe works here'
  }[probe]
  return `${table}\n(${how}; durations here include the probe)`
}
