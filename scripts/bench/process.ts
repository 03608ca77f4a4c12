// Spawning one child process for the benchmark: its timing (spawn to close), output, the
// moment its verdict line appeared, and its GITHUB_OUTPUT values and peak RSS when asked.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { REPO_ROOT, parseOutputFile } from '../../test/support/run-action.ts'
import { verdictOf } from '../bench-lib.ts'

/** No single child may run longer than this, whatever happens. */
const CHILD_TIMEOUT_MS = 180_000

export interface ProcessRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** Spawn to close of the child's streams, performance.now() clock. */
  ms: number
  /** Epoch ms (the simulator's clock). */
  startedAt: number
  endedAt: number
  stdout: string
  stderr: string
  /** Epoch ms when stdout showed the verdict line, and the result it named. */
  verdictAt?: number
  verdict?: string
  /** Peak resident set size in KiB, when measured. */
  maxRssKiB?: number
  /** Action runs: the GITHUB_OUTPUT values. */
  outputs?: Record<string, string>
}

export interface Spawnable {
  command: string
  args: string[]
  env: Record<string, string>
  /** GITHUB_OUTPUT file to read after the run (action runs). */
  outputFile?: string
  /** File the memory probe writes the peak RSS (KiB) into. */
  rssFile?: string
}

export function runProcess(job: Spawnable): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now()
    const started = performance.now()
    const child = spawn(job.command, job.args, {
      cwd: REPO_ROOT,
      env: job.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const run: ProcessRun = {
      code: null,
      signal: null,
      ms: 0,
      startedAt,
      endedAt: 0,
      stdout: '',
      stderr: ''
    }
    let pending = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      run.stdout += chunk
      pending += chunk
      let newline = pending.indexOf('\n')
      while (newline >= 0) {
        const result = verdictOf(pending.slice(0, newline).replace(/\r$/, ''))
        if (result !== undefined && run.verdictAt === undefined) {
          run.verdictAt = Date.now()
          run.verdict = result
        }
        pending = pending.slice(newline + 1)
        newline = pending.indexOf('\n')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS)
    child.once('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code, signal) => {
      run.ms = performance.now() - started
      run.endedAt = Date.now()
      clearTimeout(timer)
      run.code = code
      run.signal = signal
      if (job.outputFile !== undefined) {
        run.outputs = parseOutputFile(readFileSync(job.outputFile, 'utf8'))
      }
      if (job.rssFile !== undefined && existsSync(job.rssFile)) {
        const kib = Number(readFileSync(job.rssFile, 'utf8').trim().split('\n').pop())
        if (Number.isFinite(kib) && kib > 0) run.maxRssKiB = kib
      }
      resolve(run)
    })
  })
}
