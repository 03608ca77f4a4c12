// Peak memory: GNU time where it exists, else a preloaded module that writes Node's own
// figure (process.resourceUsage().maxRSS, KiB on Linux) when the process exits.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { scratch } from './jobs.ts'
import { runProcess } from './process.ts'
import type { Spawnable } from './process.ts'

export type MemoryProbe = 'gnu-time' | 'node-preload' | 'none'

export const GNU_TIME = '/usr/bin/time'
const PRELOAD =
  'data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs")' +
  '.writeFileSync(process.env.BENCH_RSS_FILE,String(process.resourceUsage().maxRSS)))'

export async function chooseMemoryProbe(): Promise<MemoryProbe> {
  const candidates: MemoryProbe[] = existsSync(GNU_TIME)
    ? ['gnu-time', 'node-preload']
    : ['node-preload']
  for (const probe of candidates) {
    const rssFile = join(scratch, `probe-${probe}`)
    const job = withMemoryProbe(
      { command: process.execPath, args: ['-e', '0'], env: { PATH: process.env.PATH ?? '' } },
      probe,
      rssFile
    )
    try {
      const run = await runProcess(job)
      if (run.code === 0 && run.maxRssKiB !== undefined) return probe
    } catch {
      // Not usable here: try the next one.
    }
  }
  return 'none'
}

export function withMemoryProbe(job: Spawnable, probe: MemoryProbe, rssFile: string): Spawnable {
  if (probe === 'gnu-time') {
    return {
      ...job,
      command: GNU_TIME,
      args: ['-f', '%M', '-o', rssFile, job.command, ...job.args],
      rssFile
    }
  }
  if (probe === 'node-preload') {
    return {
      ...job,
      args: ['--import', PRELOAD, ...job.args],
      env: { ...job.env, BENCH_RSS_FILE: rssFile },
      rssFile
    }
  }
  return job
}
