// Finding a finding's line in the spec file (src/spec/locate.ts): JSON pointers in either
// spelling through YAML and JSON, anchors, aliases and merge keys; reading the file (missing,
// unreadable, too large); and the yaml package loaded only when a spec is.

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  loadSpec,
  pointerSegments,
  unescapeSegment,
  workspaceRelative
} from '../../src/spec/locate.ts'
import type { SpecIndex } from '../../src/spec/locate.ts'

/** Milliseconds of CPU this thread spent since `since` (a process.threadCpuUsage()): the
 * work done, whatever else the machine is running at the same time. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.threadCpuUsage(since)
  return (user + system) / 1000
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const specs = 'test/fixtures/specs'

async function load(file: string, workspace = root): Promise<SpecIndex> {
  const spec = await loadSpec(file, workspace)
  if ('warning' in spec) assert.fail(`unexpected warning: ${spec.warning}`)
  return spec
}

async function warningFor(file: string, workspace = root): Promise<string> {
  const spec = await loadSpec(file, workspace)
  assert.ok('warning' in spec, 'expected a warning')
  return spec.warning
}

// The same document in both formats; the lines differ, the pointers do not.
const cases: { pointer: string; yaml: number | undefined; json: number | undefined }[] = [
  { pointer: '/paths/~1v1~1pets/get', yaml: 10, json: 14 },
  { pointer: '/paths/v1/pets/get', yaml: 10, json: 14 },
  { pointer: '/paths/~1v1~1pets', yaml: 9, json: 13 },
  { pointer: '/paths/v1/pets', yaml: 9, json: 13 },
  { pointer: '/paths/v1/get/summary', yaml: 8, json: 10 },
  { pointer: '/paths/~1v1~1pets~1{petId}/get/responses/404', yaml: 23, json: 36 },
  { pointer: '/paths/v1/pets/{petId}/get/responses/404', yaml: 23, json: 36 },
  { pointer: '/paths/~1v1~1pets/get/parameters/1', yaml: 15, json: 21 },
  { pointer: '/paths/v1/pets/get/parameters/1/in', yaml: 16, json: 23 },
  { pointer: '/paths/~1v1~1pets/get/responses/200/description', yaml: 19, json: 28 },
  { pointer: '/paths/a~0b~1c/post', yaml: 26, json: 43 },
  { pointer: '/paths/a~b/c/post', yaml: 26, json: 43 },
  { pointer: '/components/schemas/UserResponse', yaml: 30, json: 50 },
  { pointer: '#/components/schemas/UserResponse', yaml: 30, json: 50 },
  { pointer: '#/paths/~1v1~1pets~1%7BpetId%7D/get', yaml: 21, json: 34 },
  { pointer: 'components/schemas/UserResponse/properties/id', yaml: 34, json: 57 },
  { pointer: '/components/schemas/UserResponse/required/1', yaml: 32, json: 54 },
  { pointer: '/components/schemas/UserResponse/', yaml: 30, json: 50 },
  // Resolve to nothing.
  { pointer: '/paths/~1v2~1pets/get', yaml: undefined, json: undefined },
  { pointer: '/paths/v1/cats/get', yaml: undefined, json: undefined },
  {
    pointer: '/components/schemas/UserResponse/properties/missing',
    yaml: undefined,
    json: undefined
  },
  { pointer: '/paths/~1v1~1pets/get/parameters/7', yaml: undefined, json: undefined },
  { pointer: '/paths/~1v1~1pets/get/parameters/first', yaml: undefined, json: undefined },
  { pointer: '/paths/~1v1~1pets/get/parameters/01', yaml: undefined, json: undefined },
  { pointer: '/openapi/deeper', yaml: undefined, json: undefined },
  // The document itself has no line.
  { pointer: '', yaml: undefined, json: undefined },
  { pointer: '#', yaml: undefined, json: undefined },
  { pointer: '#/', yaml: undefined, json: undefined }
]

for (const format of ['yaml', 'json'] as const) {
  describe(`lineOf in ${format}`, () => {
    let spec: SpecIndex
    before(async () => {
      spec = await load(`${specs}/petstore.${format}`)
    })

    it('names the file relative to the workspace, with forward slashes', () => {
      assert.equal(spec.file, `test/fixtures/specs/petstore.${format}`)
    })

    for (const { pointer, [format]: line } of cases) {
      it(`${JSON.stringify(pointer)} → ${line ?? 'no line'}`, () => {
        assert.equal(spec.lineOf(pointer), line)
      })
    }

    it('gives the same answer on a second lookup (cached)', () => {
      const line = format === 'yaml' ? 10 : 14
      assert.equal(spec.lineOf('/paths/v1/pets/get'), line)
      assert.equal(spec.lineOf('/paths/v1/pets/get'), line)
    })
  })
}

describe('lineOf with anchors, aliases and merge keys', () => {
  let spec: SpecIndex
  before(async () => {
    spec = await load(`${specs}/anchors.yaml`)
  })

  it('ends at the key that holds the alias', () => {
    assert.equal(spec.lineOf('/components/schemas/Copy'), 9)
  })
  it('goes on through an alias into the anchored node', () => {
    assert.equal(spec.lineOf('/components/schemas/Copy/properties/id'), 7)
  })
  it('finds keys brought in by a << merge key', () => {
    assert.equal(spec.lineOf('/components/schemas/Extended/type'), 5)
    assert.equal(spec.lineOf('/components/schemas/Extended/description'), 12)
  })
  it('gives an aliased array item its own line, and its keys the anchor’s', () => {
    assert.equal(spec.lineOf('/components/schemas/List/1'), 15)
    assert.equal(spec.lineOf('/components/schemas/List/1/name'), 14)
  })
})

describe('lineOf, other spellings', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'locate-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('counts lines the same with CRLF line ends', async () => {
    const yaml = await readFile(path.join(root, specs, 'petstore.yaml'), 'utf8')
    await writeFile(path.join(dir, 'crlf.yaml'), yaml.replace(/\n/g, '\r\n'))
    const spec = await load('crlf.yaml', dir)
    assert.equal(spec.lineOf('/paths/v1/pets/get'), 10)
    assert.equal(spec.lineOf('/components/schemas/UserResponse/properties/id'), 34)
  })

  it('reads JSON indented with tabs and a byte order mark', async () => {
    const json = '\uFEFF{\n\t"paths": {\n\t\t"/v1/pets": {\n\t\t\t"get": {}\n\t\t}\n\t}\n}\n'
    await writeFile(path.join(dir, 'tabs.json'), json)
    const spec = await load('tabs.json', dir)
    assert.equal(spec.lineOf('/paths/v1/pets/get'), 4)
  })

  it('matches keys written as numbers or quoted', async () => {
    const yaml = [
      'responses:',
      '  200:',
      '    description: ok',
      "  '404':",
      '    description: no'
    ].join('\n')
    await writeFile(path.join(dir, 'numbers.yaml'), yaml)
    const spec = await load('numbers.yaml', dir)
    assert.equal(spec.lineOf('/responses/200/description'), 3)
    assert.equal(spec.lineOf('/responses/404'), 4)
  })

  it('prefers the key a proper pointer names over a join of segments', async () => {
    // Both `a` → `b` and the key `a/b` exist: `/a/b` is the first, `/a~1b` the second.
    const yaml = ['a:', '  b: 1', 'a/b: 2'].join('\n')
    await writeFile(path.join(dir, 'ambiguous.yaml'), yaml)
    const spec = await load('ambiguous.yaml', dir)
    assert.equal(spec.lineOf('/a/b'), 2)
    assert.equal(spec.lineOf('/a~1b'), 3)
  })

  it('stays fast on pointers that could be joined in very many ways', async () => {
    // Every level has the keys `x` and `x/x`: an unescaped pointer of n `x` segments can
    // be split in Fibonacci(n) ways, and none of them ends at `nothing`.
    const levels = ['l0: &l0 { y: 1 }']
    for (let level = 1; level <= 40; level++) {
      levels.push(`l${level}: &l${level} { x: *l${level - 1}, x/x: *l${level - 1} }`)
    }
    await writeFile(path.join(dir, 'joins.yaml'), `${levels.join('\n')}\n`)
    const spec = await load('joins.yaml', dir)
    const started = process.threadCpuUsage()
    assert.equal(spec.lineOf(`/l40${'/x'.repeat(40)}/nothing`), undefined)
    assert.equal(spec.lineOf(`/l40${'/x'.repeat(40)}/y`), 1)
    assert.equal(spec.lineOf('/l2/x~1x/x/y'), 1)
    assert.equal(spec.lineOf('/l2/x/x/x/y'), 1)
    assert.ok(cpuMsSince(started) < 1000)
  })
})

describe('loadSpec file handling', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'locate-files-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('accepts an absolute path inside the workspace and names it relatively', async () => {
    const spec = await load(path.join(root, specs, 'petstore.yaml'))
    assert.equal(spec.file, 'test/fixtures/specs/petstore.yaml')
  })

  it('keeps an absolute path for a file outside the workspace', async () => {
    const outside = path.join(dir, 'outside.yaml')
    await writeFile(outside, 'a: 1\n')
    const spec = await load(outside, path.join(root, 'src'))
    assert.equal(spec.file, outside.split(path.sep).join('/'))
    assert.equal(spec.lineOf('/a'), 1)
  })

  it('names a file whose folder or name starts with ".." relatively: it is inside', () => {
    const workspace = path.join(dir, 'ws')
    assert.equal(
      workspaceRelative(path.join(workspace, '..specs', 'openapi.yaml'), workspace),
      '..specs/openapi.yaml'
    )
    assert.equal(
      workspaceRelative(path.join(workspace, '..openapi.yaml'), workspace),
      '..openapi.yaml'
    )
    assert.equal(
      workspaceRelative(path.join(dir, 'other', 'openapi.yaml'), workspace),
      path.join(dir, 'other', 'openapi.yaml').split(path.sep).join('/')
    )
  })

  it('warns, naming the file, when it does not exist', async () => {
    const warning = await warningFor('specs/missing.yaml', dir)
    assert.match(warning, /specs\/missing\.yaml/)
    assert.match(warning, /no such file/)
  })

  it('warns when the path is a directory', async () => {
    assert.match(await warningFor('.', dir), /is a directory/)
  })

  it('warns when the file cannot be read (a symbolic link loop)', async () => {
    await symlink(path.join(dir, 'loop-b.yaml'), path.join(dir, 'loop-a.yaml'))
    await symlink(path.join(dir, 'loop-a.yaml'), path.join(dir, 'loop-b.yaml'))
    assert.match(await warningFor('loop-a.yaml', dir), /loop-a\.yaml cannot be read \(.*ELOOP/)
  })

  it('refuses a device instead of reading it without end (/dev/zero)', async () => {
    const warning = await warningFor('/dev/zero', dir)
    assert.match(warning, /\/dev\/zero is not a regular file \(a device, FIFO or socket\)/)
  })

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = path.join(dir, 'spec.fifo')
    execFileSync('mkfifo', [fifo])
    assert.match(await warningFor(fifo, dir), /spec\.fifo is not a regular file/)
  })

  it('counts the bytes it reads, whatever size the file reports', async () => {
    // /proc files report a size of 0 but have content: the cap must not trust stat.
    const spec = await loadSpec('/proc/self/maps', dir, { maxBytes: 10 })
    assert.ok('warning' in spec)
    assert.match(spec.warning, /more than the 10 bytes/)
  })

  it('warns with the line of the first syntax error', async () => {
    await writeFile(path.join(dir, 'broken.yaml'), 'openapi: 3.0.0\npaths:\n  /a: [1\n  /b: {\n')
    const warning = await warningFor('broken.yaml', dir)
    assert.match(warning, /broken\.yaml/)
    assert.match(warning, /not valid YAML or JSON \(line \d+, column \d+: .+\)/)
    assert.doesNotMatch(warning, /\n/)
  })

  it('warns on truncated JSON', async () => {
    await writeFile(path.join(dir, 'truncated.json'), '{"openapi": "3.0.0", "paths": {"/a": {')
    assert.match(await warningFor('truncated.json', dir), /not valid YAML or JSON/)
  })

  it('warns when the top level is not a mapping (empty file, plain text)', async () => {
    await writeFile(path.join(dir, 'empty.yaml'), '')
    await writeFile(path.join(dir, 'text.yaml'), 'just some words\n')
    assert.match(await warningFor('empty.yaml', dir), /mapping at the top level/)
    assert.match(await warningFor('text.yaml', dir), /mapping at the top level/)
  })

  it('warns instead of parsing a file over the size limit', async () => {
    await writeFile(path.join(dir, 'big.yaml'), `a: ${'x'.repeat(2000)}\n`)
    const spec = await loadSpec('big.yaml', dir, { maxBytes: 1000 })
    assert.ok('warning' in spec)
    assert.match(spec.warning, /more than the 1000/)
  })
})

describe('a large spec', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'locate-large-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('resolves thousands of paths quickly once indexed', async () => {
    const count = 3000
    const paths: Record<string, unknown> = {}
    for (let index = 0; index < count; index++) {
      paths[`/v1/things${index}/{id}`] = {
        get: { summary: `thing ${index}`, responses: { 200: { description: 'ok' } } }
      }
    }
    // Pretty-printed: each path takes 10 lines, the first `get` on line 5.
    await writeFile(
      path.join(dir, 'large.json'),
      JSON.stringify({ openapi: '3.0.0', paths }, null, 2)
    )
    const spec = await load('large.json', dir)

    const pointers: string[] = []
    for (let index = 0; index < count; index++) {
      pointers.push(
        `/paths/~1v1~1things${index}~1{id}/get`,
        `/paths/v1/things${index}/{id}/get/responses/200`
      )
    }
    const started = process.threadCpuUsage()
    const lines = pointers.map(pointer => spec.lineOf(pointer))
    const elapsed = cpuMsSince(started)

    for (const index of [0, 1, 1234, count - 1]) {
      assert.equal(lines[index * 2], 5 + 10 * index)
      assert.equal(lines[index * 2 + 1], 8 + 10 * index)
    }
    assert.ok(lines.every(line => line !== undefined))
    assert.ok(elapsed < 1000, `${pointers.length} lookups took ${Math.round(elapsed)} ms`)
  })
})

describe('pointer helpers', () => {
  it('splits pointers and fragments into segments', () => {
    assert.deepEqual(pointerSegments('/a/b'), ['a', 'b'])
    assert.deepEqual(pointerSegments('#/a/%7Bid%7D'), ['a', '{id}'])
    assert.deepEqual(pointerSegments('#/a/%E0%A4%A'), ['a', '%E0%A4%A'])
    assert.deepEqual(pointerSegments('/'), [''])
    assert.equal(pointerSegments(''), undefined)
    assert.equal(pointerSegments('#'), undefined)
  })

  it('unescapes ~1 before ~0, as RFC 6901 requires', () => {
    assert.equal(unescapeSegment('~1v1~1pets'), '/v1/pets')
    assert.equal(unescapeSegment('a~01'), 'a~1')
    assert.equal(unescapeSegment('plain'), 'plain')
  })

  it('names files relative to the workspace', () => {
    assert.equal(workspaceRelative(path.join(root, 'a', 'b.yaml'), root), 'a/b.yaml')
    assert.equal(workspaceRelative('/elsewhere/b.yaml', root), '/elsewhere/b.yaml')
  })
})

describe('start-up cost', () => {
  it('loads the yaml package only when a spec is loaded', () => {
    const script = `
      import { registerHooks } from 'node:module'
      const loaded = []
      registerHooks({
        resolve(specifier, context, next) {
          if (specifier === 'yaml') loaded.push(specifier)
          return next(specifier, context)
        }
      })
      const { loadSpec } = await import(${JSON.stringify(path.join(root, 'src/spec/locate.ts'))})
      const before = loaded.length
      await loadSpec(${JSON.stringify(`${specs}/petstore.yaml`)}, ${JSON.stringify(root)})
      console.log(JSON.stringify({ before, after: loaded.length }))
    `
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8'
    })
    assert.equal(child.status, 0, child.stderr)
    assert.deepEqual(JSON.parse(child.stdout), { before: 0, after: 1 })
  })
})
