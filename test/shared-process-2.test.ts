// Share 2 of 2 of the quick unit and client test files, in one process: see shared-process.ts.
import { importShare } from './shared-process.ts'

await importShare(2, 2)
