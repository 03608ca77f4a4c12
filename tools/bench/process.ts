// Spawning one child process for the benchmark: its timing (spawn to close), output, the
// moment its verdict line appeared, and its GITHUB_OUTPUT values and peak RSS when asked.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { REPO_ROOT } from '../repo.ts'
import { parseOutputFile } from '../run-action.ts'

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
  /** Kill the child after this long. Default 180 s. */
  timeoutMs?: number
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
    const timer = setTimeout(() => child.kill('SIGKILL'), job.timeoutMs ?? CHILD_TIMEOUT_MS)
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

const VERDICT_LINE = /^Import .+: (passed|failed|timed-out|error)\s*$/

/** The result a verdict line states (`Import 1a2b… Completed: …: passed`), else undefined. */
export function verdictOf(line: string): string | undefined {
  return VERDICT_LINE.exec(line)?.[1]
}

/**
 * The reason for an `n/a`, on one line, from a failed tool's output: its first error line
 * (`Error: …`, `TypeError [CODE]: …`; what follows is a stack), else its last lines.
 */
export function failureReason(output: string, fallback: string): string {
  const lines = output
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
  const error = lines.find(line => /^\w*Error\b/.test(line))
  const text = error ?? lines.slice(-3).join(' | ')
  if (text === '') return fallback
  return text.length > 240 ? `${text.slice(0, 239)}…` : text
}
