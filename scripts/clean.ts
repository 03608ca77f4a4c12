// Removes build output so that dist/ holds exactly what one fresh build makes.
import { rmSync } from 'node:fs'

for (const directory of ['dist', 'lib']) rmSync(directory, { recursive: true, force: true })
