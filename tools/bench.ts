// `npm run bench`: whole-process figures of the built action (dist/index.js) against the
// Document360 simulator, each a median of repeated runs after a warm-up. Prints one aligned
// table per measurement, then one JSON object with every figure (`--json PATH` also writes
// it to a file). `--help` lists the options. The parts live in tools/bench/: options,
// statistics and formatting, one module per section, and the process and job helpers.
//
// Both sides of a comparison are spawned alike (`process.execPath`, piped stdout/stderr, the
// same environment) and interleaved round by round, so machine noise hits both alike.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { compareBench, compareTable } from './bench/baseline.ts'
import { bundle, bundleTable } from './bench/bundle.ts'
import { compare, comparisonTable } from './bench/compare.ts'
import { buildCoreFloor } from './bench/core-floor.ts'
import type { CoreFloorBuild } from './bench/core-floor.ts'
import { gates, gatesTable } from './bench/gates.ts'
import { formatMs, roundFigures, sectionTitle } from './bench/format.ts'
import { FINDINGS_INPUTS, progress } from './bench/helpers.ts'
import { scratch, setScratch, snapshotAgainst, snapshotDist } from './bench/jobs.ts'
import { latency, latencyTable } from './bench/latency.ts'
import { memory, memoryTable } from './bench/memory.ts'
import { chooseMemoryProbe } from './bench/memory-probe.ts'
import { USAGE, benchOptions } from './bench/options.ts'
import type { BenchOptions } from './bench/options.ts'
import { requestFigures, requestsTable } from './bench/report.ts'
import { resyncGates, resyncGatesTable } from './bench/resync-gates.ts'
import type { Report } from './bench/report.ts'
import { staleBuildReason } from './build/record.ts'
import { DIST_DIR, REPO_ROOT } from './repo.ts'

function withoutHelp({ help: _help, ...options }: BenchOptions): Omit<BenchOptions, 'help'> {
  return options
}

function print(text: string): void {
  process.stdout.write(`${text}\n`)
}

async function bench(options: BenchOptions): Promise<Report> {
  const began = performance.now()
  const dist = resolve(options.dist ?? DIST_DIR)
  // Figures of a build that is not the sources' would be misleading; an older build is
  // measured on purpose with --dist.
  const stale = dist === DIST_DIR ? staleBuildReason() : undefined
  if (stale !== undefined) throw new Error(stale)
  const distModified = snapshotDist(dist)
  const against =
    options.against === undefined
      ? undefined
      : { entry: snapshotAgainst(resolve(options.against)), dist: options.against }
  const want = new Set(options.only)
  const probe = want.has('memory') ? await chooseMemoryProbe() : 'none'
  let coreFloor: CoreFloorBuild | undefined
  if (want.has('clean')) {
    progress('clean: bundling the @actions/core floor with ncc, as dist/ is')
    coreFloor = await buildCoreFloor(scratch)
    if (coreFloor.error !== undefined) progress(`core floor: n/a: ${coreFloor.error}`)
  }
  const report: Report = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      loadAverage: loadavg().map(value => Number(value.toFixed(2))),
      memoryProbe: probe,
      dist: relative(REPO_ROOT, dist) || '.',
      distModified: distModified.toISOString(),
      options: withoutHelp(options)
    }
  }
  const { meta } = report
  print(
    `Document360 Import Gate benchmark: node ${join(meta.dist, 'index.js')} ` +
      `(modified ${meta.distModified}, run from a copy)`
  )
  print(
    `${meta.date}  Node ${meta.node}  ${meta.platform}  ${meta.cpus} CPUs (${meta.cpuModel})  ` +
      `load ${meta.loadAverage.join(' ')}`
  )
  print(
    `${options.warmup} warm-up + ${options.runs} measured runs${options.quick ? ' (--quick)' : ''}`
  )

  if (want.has('clean')) {
    report.clean = await compare('clean', {}, 'passed', options, {
      goal: options.maxRatio,
      empty: true,
      coreFloor,
      against
    })
    print(sectionTitle('1. Clean run: action vs. bare node doing the same request'))
    print(comparisonTable(report.clean))
  }
  if (want.has('findings')) {
    report.findings = await compare('findings', FINDINGS_INPUTS, 'failed', options, { against })
    print(sectionTitle('2. Run with findings (spec-file examples/openapi.yaml): list + detail'))
    print(comparisonTable(report.findings))
  }
  if (want.has('bundle')) {
    report.bundle = bundle()
    print(sectionTitle('3. Bundle size'))
    print(bundleTable(report.bundle))
  }
  if (want.has('memory')) {
    report.memory = await memory(options, probe)
    print(sectionTitle('4. Peak memory'))
    print(memoryTable(report.memory, probe))
  }
  if (want.has('latency')) {
    report.latency = await latency(options)
  }
  if (want.has('gates')) {
    report.gates = await gates(options)
  }
  if (want.has('resync-gates')) {
    report.resyncGates = await resyncGates(options)
  }
  if (want.has('requests')) {
    report.requests = requestFigures(report)
    print(sectionTitle('5. Requests per run'))
    print(requestsTable(report))
  }
  if (report.latency !== undefined) {
    print(sectionTitle('6. Import completion → verdict while waiting (completion mid-interval)'))
    print(latencyTable(report.latency))
  }
  if (report.gates !== undefined) {
    print(sectionTitle(`7. ${report.gates.gates} gates at once under one shared rate limit`))
    print(gatesTable(report.gates))
  }
  if (want.has('baseline')) {
    report.baseline = await compareBench(options.runs)
    print(sectionTitle('8. Comparing 5,000 findings with a baseline of 5,000, in process'))
    print(compareTable(report.baseline))
  }
  if (report.resyncGates !== undefined) {
    const g = report.resyncGates
    print(sectionTitle(`9. ${g.gates} gates resync, wait and judge under one shared rate limit`))
    print(resyncGatesTable(g))
  }
  meta.durationMs = performance.now() - began
  return report
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions
  try {
    options = benchOptions(argv)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    process.stdout.write(USAGE)
    return 0
  }
  setScratch(mkdtempSync(join(tmpdir(), 'd360-gate-bench-')))
  try {
    const report = roundFigures(await bench(options))
    const json = JSON.stringify(report)
    print(`\nBenchmark took ${formatMs(report.meta.durationMs)}. Every figure as JSON:`)
    print(json)
    if (options.json !== undefined) {
      mkdirSync(dirname(resolve(options.json)), { recursive: true })
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`)
    }
    return 0
  } catch (error) {
    process.stderr.write(`\nbench: the benchmark could not run: ${(error as Error).message}\n`)
    return 1
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  // `npm run bench | head` closes the pipe early: keep measuring (--json still gets it all).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  process.exitCode = await main(process.argv.slice(2))
}
