// npm test runs the quick unit and client test files in two shared processes (this module,
// loaded by test/shared-process-1.test.ts and -2): Node's test runner gives every file a
// process of its own, and for quick tests that start-up cost more CPU than the tests did.
// A file that waits on timers, spawns processes or changes process-wide state is named
// `*.alone.test.ts` and keeps its own process. Every file still runs by itself too:
// `node --test test/unit/text.test.ts`.
import { readdirSync } from 'node:fs'

const FOLDERS = ['unit', 'client']

/** Imports share `share` (1-based) of `shares` of the quick test files, in name order. */
export async function importShare(share: number, shares: number): Promise<void> {
  const files = FOLDERS.flatMap(folder =>
    readdirSync(new URL(`./${folder}/`, import.meta.url))
      .filter(name => name.endsWith('.test.ts') && !name.endsWith('.alone.test.ts'))
      .sort()
      .map(name => new URL(`./${folder}/${name}`, import.meta.url).href)
  )
  for (const [index, file] of files.entries()) {
    if (index % shares === share - 1) await import(file)
  }
}
