// Run by `npm test` before the tests: builds dist/ when it is not known to be built from the
// sources here (see record.ts), so that no test judges a stale build.

import { build } from '../build.ts'
import { staleBuildReason } from './record.ts'

const reason = staleBuildReason()
if (reason !== undefined) {
  process.stderr.write(`${reason.replace(/: run .*$/, '')}: building it first.\n`)
  try {
    build()
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
}
