// Finding identity (severity, canonical path, normalised message) and the multiset comparison.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { canonicalIdentity, compareFindings } from '../../src/baseline/compare.ts'
import { wildcardMatch, compileGlob } from '../../src/baseline/glob.ts'
import {
  canonicalPointer,
  normalizeMessage,
  type FindingIdentity
} from '../../src/baseline/identity.ts'

const warning = (path: string, message = 'm'): FindingIdentity => ({
  severity: 'warning',
  path,
  message
})
const error = (path: string, message = 'm'): FindingIdentity => ({
  severity: 'error',
  path,
  message
})

describe('canonical paths', () => {
  test('the escaped and unescaped spellings of one path are the same path', () => {
    const spellings = [
      '/paths/~1v1~1pets/get',
      '/paths/v1/pets/get',
      '/paths/~1v1/pets/get',
      '#/paths/~1v1~1pets/get',
      '#/paths/%7E1v1%7E1pets/get',
      '/paths/v1/pets/get/',
      'paths/v1/pets/get'
    ]
    for (const spelling of spellings) {
      assert.equal(canonicalPointer(spelling), '/paths/v1/pets/get', spelling)
    }
  })

  test('~0 is a tilde, decoded after ~1 as RFC 6901 says', () => {
    assert.equal(canonicalPointer('/a~01/b'), '/a~1/b')
    assert.equal(canonicalPointer('/a~0~1b'), '/a~/b')
  })

  test('different paths stay different', () => {
    assert.notEqual(canonicalPointer('/paths/~1pets/get'), canonicalPointer('/paths/~1pets/put'))
    assert.notEqual(canonicalPointer('/components/schemas/Pet'), canonicalPointer('/components'))
  })

  test('the document itself is the empty path', () => {
    for (const root of ['', '/', '#', '  ']) assert.equal(canonicalPointer(root), '')
  })
})

describe('messages', () => {
  test('runs of white space, line breaks included, are one space; ends trimmed', () => {
    assert.equal(
      normalizeMessage('  Operation\n\t has   no\r\ndescription '),
      'Operation has no description'
    )
  })

  test('case and punctuation count', () => {
    assert.notEqual(normalizeMessage('No description'), normalizeMessage('no description'))
  })
})

describe('identity', () => {
  test('severity, canonical path and normalised message make the identity', () => {
    assert.deepEqual(canonicalIdentity(warning('/paths/~1pets/get', ' no  description')), {
      severity: 'warning',
      canonicalPath: '/paths/pets/get',
      message: 'no description'
    })
    assert.deepEqual(
      canonicalIdentity(warning('/paths/~1pets/get', 'no  description')),
      canonicalIdentity(warning('/paths/pets/get', 'no description\n'))
    )
  })
})

describe('multiset comparison', () => {
  test('two identical errors now against one before: one unchanged, one new', () => {
    const result = compareFindings([error('/a'), error('/a')], [error('/a')])
    assert.deepEqual(result, { current: ['unchanged', 'new'], fixed: [] })
  })

  test('one now against two before: one unchanged, one fixed (the later one)', () => {
    const result = compareFindings([error('/a')], [error('/a'), warning('/b'), error('/a')])
    assert.deepEqual(result, { current: ['unchanged'], fixed: [1, 2] })
  })

  test('spellings and white space do not make a finding new', () => {
    const result = compareFindings(
      [warning('/paths/v1/pets/get', 'Deprecated  endpoint')],
      [warning('/paths/~1v1~1pets/get', 'Deprecated endpoint')]
    )
    assert.deepEqual(result.current, ['unchanged'])
  })

  test('the same path and message with another severity is new, and the old one fixed', () => {
    const result = compareFindings([error('/a')], [warning('/a')])
    assert.deepEqual(result, { current: ['new'], fixed: [0] })
  })

  test('no baseline: everything is new; nothing now: everything is fixed', () => {
    assert.deepEqual(compareFindings([error('/a'), warning('/b')], []), {
      current: ['new', 'new'],
      fixed: []
    })
    assert.deepEqual(compareFindings([], [error('/a'), warning('/b')]), {
      current: [],
      fixed: [0, 1]
    })
  })

  test('140 legacy warnings and one more: 140 unchanged, 1 new, 0 fixed', () => {
    const legacy = Array.from({ length: 140 }, (_, i) => warning(`/paths/~1legacy${i}/get`))
    const now = [...legacy.map(f => ({ ...f, path: f.path.replace('~1', '/') })), warning('/x')]
    const result = compareFindings(now, legacy)
    assert.equal(result.current.filter(c => c === 'unchanged').length, 140)
    assert.deepEqual(result.current.at(-1), 'new')
    assert.deepEqual(result.fixed, [])
  })
})

describe('path globs', () => {
  test('* matches any run, / included; ? one character; the rest literally', () => {
    assert.equal(wildcardMatch('/paths/legacy/*', '/paths/legacy/pets/get'), true)
    assert.equal(wildcardMatch('/paths/legacy/*', '/paths/legacy'), false)
    assert.equal(wildcardMatch('/paths/*/get', '/paths/a/b/get'), true)
    assert.equal(wildcardMatch('/a?c', '/abc'), true)
    assert.equal(wildcardMatch('/a?c', '/ac'), false)
    assert.equal(wildcardMatch('*', ''), true)
    assert.equal(wildcardMatch('/a.c', '/abc'), false, 'a dot is a dot')
    assert.equal(wildcardMatch('*a*a*a*b', 'a'.repeat(3000)), false)
  })

  test('a glob in either spelling matches paths in either spelling', () => {
    for (const pattern of ['/paths/~1legacy~1*', '/paths/legacy/*', '#/paths/~1legacy*']) {
      const matches = compileGlob(pattern)
      for (const path of ['/paths/~1legacy~1pets/get', '/paths/legacy/pets/get']) {
        assert.equal(matches(canonicalPointer(path)), true, `${pattern} ~ ${path}`)
      }
      assert.equal(matches(canonicalPointer('/paths/~1current~1pets/get')), false, pattern)
    }
  })

  test('a glob without wildcards matches that path only', () => {
    const matches = compileGlob('/components/schemas/Pet')
    assert.equal(matches(canonicalPointer('/components/schemas/Pet')), true)
    assert.equal(matches(canonicalPointer('/components/schemas/Pet/properties/id')), false)
  })
})
