// Where things are in this repository, for every tool (and test) that needs a path.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, with a trailing separator. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
/** The built action, as committed: what `uses:` runs. */
export const DIST_DIR = join(REPO_ROOT, 'dist')
export const ACTION_ENTRY = join(DIST_DIR, 'index.js')
/** Document360's own example bodies (copies kept byte-identical; the simulator serves some). */
export const API_EXAMPLES_DIR = join(REPO_ROOT, 'test', 'fixtures')
