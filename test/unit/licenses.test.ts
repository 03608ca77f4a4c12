// dist/licenses.txt names every package in the bundle, each with its licence text. Which
// packages are in the bundle comes from the bundler's own module list (kept in the build
// record) and, independently, from the module paths webpack leaves in the unminified chunks.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { bundledPackages, licensesText } from '../../tools/build/licenses.ts'
import { readBuildRecord, staleBuildReason } from '../../tools/build/record.ts'
import { DIST_DIR, REPO_ROOT } from '../../tools/repo.ts'

const RULE = '='.repeat(80)

/** licenses.txt as { heading: body }: each package's section sits between two rules. */
function sections(text: string): Map<string, string> {
  const parts = text.split(`\n${RULE}\n`)
  const result = new Map<string, string>()
  for (let i = 1; i + 1 < parts.length; i += 2)
    result.set(parts[i] as string, parts[i + 1] as string)
  return result
}

/** The package folder and `name version` of a module path in node_modules. */
function packageOf(path: string): { dir: string; id: string } | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)
  if (match === null) return undefined
  const dir = match[1] as string
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as {
    name: string
    version: string
  }
  return { dir, id: `${manifest.name} ${manifest.version}` }
}

function bundle(): Map<string, string> {
  assert.equal(staleBuildReason(), undefined)
  const packages = new Map<string, string>()
  for (const module of readBuildRecord()?.modules ?? []) {
    const found = packageOf(module)
    if (found !== undefined) packages.set(found.id, found.dir)
  }
  return packages
}

const listed = () => sections(readFileSync(join(DIST_DIR, 'licenses.txt'), 'utf8'))
const idOf = (heading: string) => heading.replace(/ \([^)]*\)$/, '')

describe('dist/licenses.txt', () => {
  it('lists exactly the packages the bundler put into dist/, each once', () => {
    const inBundle = [...bundle().keys()].sort()
    assert.ok(
      inBundle.some(id => id.startsWith('undici ')),
      'undici is bundled'
    )
    assert.deepEqual([...listed().keys()].map(idOf).sort(), inBundle)
  })

  it('lists every package whose modules the chunks name', () => {
    const names = new Set([...listed().keys()].map(heading => heading.split(' ')[0]))
    const named = new Set<string>()
    const concatenated = /CONCATENATED MODULE: \.\/(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//g
    for (const file of readdirSync(DIST_DIR).filter(name => name.endsWith('.js'))) {
      const text = readFileSync(join(DIST_DIR, file), 'utf8')
      for (const [, name] of text.matchAll(concatenated)) named.add(name as string)
    }
    assert.ok(named.size >= 5, `the chunks name packages: ${[...named].join(', ')}`)
    for (const name of named) assert.ok(names.has(name), `${name} is not in licenses.txt`)
  })

  it('gives each package the text of its licence file and its declared licence', () => {
    const dirs = bundle()
    assert.ok(listed().size > 0, 'licenses.txt has package sections')
    for (const [heading, body] of listed()) {
      const dir = dirs.get(idOf(heading)) as string
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as {
        license: string
      }
      assert.ok(heading.endsWith(` (${manifest.license})`), heading)
      const licence = readdirSync(join(REPO_ROOT, dir)).find(file => /^licen[cs]e/i.test(file))
      assert.ok(licence !== undefined, `${dir} has a licence file`)
      const text = readFileSync(join(REPO_ROOT, dir, licence), 'utf8').replace(/\r\n/g, '\n')
      assert.ok(body.includes(`--- ${licence}\n\n${text.trim()}\n`), `${heading}: ${licence}`)
    }
  })
})

describe('bundledPackages and licensesText', () => {
  it('find the innermost package of each module, and refuse one without a licence', () => {
    const packages = bundledPackages([
      'node_modules/before-after-hook/index.js',
      'node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js',
      'lib/main.js'
    ])
    assert.deepEqual(
      packages.map(pkg => pkg.dir),
      [
        'node_modules/@actions/github/node_modules/@actions/http-client',
        'node_modules/before-after-hook'
      ]
    )
    assert.deepEqual(
      [...sections(licensesText(packages)).keys()],
      packages.map(pkg => `${pkg.name} ${pkg.version} (${pkg.license})`)
    )
    // A package without a licence file: its terms are unknown, so the build stops.
    const root = mkdtempSync(join(tmpdir(), 'licenses-test-'))
    try {
      mkdirSync(join(root, 'node_modules', 'unlicensed'), { recursive: true })
      const manifest = { name: 'unlicensed', version: '1.0.0', license: 'MIT' }
      writeFileSync(join(root, 'node_modules/unlicensed/package.json'), JSON.stringify(manifest))
      writeFileSync(join(root, 'node_modules/unlicensed/NOTICE'), 'a notice is not a licence')
      assert.throws(
        () => bundledPackages(['node_modules/unlicensed/index.js'], root),
        /unlicensed \(node_modules\/unlicensed\) has no licence file/
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
