// Small helpers the measurement sections share: progress lines on stderr, checking a run's
// result, a simulator for the length of a section, and counting the requests of a run.

import { startSimulator } from '../simulator.ts'
import type { Simulator, SimulatorOptions } from '../simulator.ts'
import { runProcess } from './process.ts'
import type { ProcessRun, Spawnable } from './process.ts'

export const FINDINGS_INPUTS = { 'spec-file': 'examples/openapi.yaml' }

export function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`)
}

export function describeRun(run: ProcessRun): string {
  const tail = (run.stdout + run.stderr).trim().split('\n').slice(-5).join('\n    ')
  return `exit ${run.code ?? run.signal}, result ${run.outputs?.result ?? 'unset'}\n    ${tail}`
}

/** A run whose result is not the scenario's: its timing would mean nothing. */
export function expectResult(run: ProcessRun, expected: string, what: string): void {
  if (run.outputs?.result !== expected) {
    throw new Error(`${what}: expected result '${expected}', got ${describeRun(run)}`)
  }
}

export async function withSimulator<T>(
  options: SimulatorOptions,
  use: (sim: Simulator) => Promise<T>
): Promise<T> {
  const sim = await startSimulator(options)
  try {
    return await use(sim)
  } finally {
    await sim.close()
  }
}

/** Runs a job and counts the requests the simulator received meanwhile. */
export async function counted(sim: Simulator, job: Spawnable) {
  const before = sim.requests.length
  const run = await runProcess(job)
  return { run, requests: sim.requests.length - before }
}
