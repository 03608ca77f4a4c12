// dist/licenses.txt: every package bundled into dist/, with its licence text (and NOTICE,
// where a package has one). Built from the bundler's own list of the modules it bundled, so
// a package cannot be left out (ncc's --license option found three of twenty).

import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../repo.ts'

export interface BundledPackage {
  name: string
  version: string
  /** The SPDX expression its package.json states. */
  license: string
  /** Its folder, relative to the repository (node_modules/…). */
  dir: string
  /** Its licence file(s) and NOTICE, as they are. */
  texts: Array<{ file: string; text: string }>
}

/** The folder of the package a module path is in (the innermost node_modules/<name>). */
function packageDir(modulePath: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(modulePath)
  return match?.[1]
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i

/** The packages that the modules (paths under `root`, as the build record lists them) are
 * in, sorted by name and version, each with its licence texts. Throws for a package with no
 * licence file: its terms must then be added by hand, not silently left out. */
export function bundledPackages(
  modules: readonly string[],
  root: string = REPO_ROOT
): BundledPackage[] {
  const dirs = new Set(modules.map(packageDir).filter(dir => dir !== undefined))
  const packages = [...dirs].map(dir => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string
      version: string
      license?: string
    }
    const files = readdirSync(join(root, dir))
      .filter(file => LICENCE_FILE.test(file))
      .sort((a, b) => Number(/^notice/i.test(a)) - Number(/^notice/i.test(b)) || a.localeCompare(b))
    if (!files.some(file => !/^notice/i.test(file))) {
      throw new Error(`${manifest.name} (${dir}) has no licence file: cannot list its licence`)
    }
    return {
      name: manifest.name,
      version: manifest.version,
      license: manifest.license ?? 'UNKNOWN',
      dir,
      texts: files.map(file => ({
        file,
        text: readFileSync(join(root, dir, file), 'utf8')
          .replace(/\r\n/g, '\n')
          .trim()
      }))
    }
  })
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
}

const RULE = '='.repeat(80)

/** The heading line of one package in licenses.txt: `name version (licence)`. */
function packageHeading(pkg: Pick<BundledPackage, 'name' | 'version' | 'license'>): string {
  return `${pkg.name} ${pkg.version} (${pkg.license})`
}

export function licensesText(packages: readonly BundledPackage[]): string {
  const intro =
    `The packages bundled into dist/ (${packages.length}), each with its licence. ` +
    'Written by `npm run build`\n(tools/build/licenses.ts) from the list of modules the ' +
    'bundler put into dist/.\n'
  const sections = packages.map(pkg =>
    [
      RULE,
      packageHeading(pkg),
      RULE,
      ...pkg.texts.flatMap(({ file, text }) => [`--- ${file}`, '', text, ''])
    ].join('\n')
  )
  return `${intro}\n${sections.join('\n')}`
}
