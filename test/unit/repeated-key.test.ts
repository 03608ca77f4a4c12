// repeatedKey: a key twice in one object makes a body ambiguous (JSON.parse keeps the last
// value). Keys of different objects, strings that look like keys, and escapes are told apart.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { repeatedKey } from '../../src/document360/body.ts'

for (const [text, expected] of [
  ['{"a": 1, "a": 2}', 'a'],
  ['{"a": 1, "b": {"c": 1, "c": 2}}', 'c'],
  ['[{"a": 1}, {"b": 1, "b" : 2}]', 'b'],
  ['{"status": "x", "st\\u0061tus": "y"}', 'status'],
  ['{"a\\"b": 1, "a\\"b": 2}', 'a"b'],
  ['{"x": {"a": 1}, "x": {"a": 1}}', 'x'],
  ['{"k\\\\": 1, "k\\\\"\n:2}', 'k\\'],
  ['{"": 1, "": 2}', ''],
  ['{"__proto__": 1, "__proto__": 2}', '__proto__'],
  ['{"\\u00e9": 1, "\u00e9": 2}', '\u00e9']
] as const) {
  test(`${JSON.stringify(text)}: repeats ${JSON.stringify(expected)}`, () => {
    assert.equal(repeatedKey(text), expected)
  })
}

for (const text of [
  '{"a": 1, "b": 2}',
  '[{"a": 1}, {"a": 2}]',
  '{"a": {"a": {"a": 1}}}',
  '{"a": "a", "b": ["a", "a"]}',
  '{"a": "{\\"b\\": 1, \\"b\\": 2}"}',
  '{"a": "x\\\\", "b": "\\\\\\"a\\": 1"}',
  '{"a": ["b", "b"], "c": "}", "d": "]"}',
  '"a"',
  '[]',
  '{"status": "Completed", "Status": "Failed"}',
  // NFC and NFD spellings are two keys to JSON.parse, and the gate reads neither by the other.
  '{"\u00e9": 1, "e\u0301": 2}'
]) {
  test(`${JSON.stringify(text)}: no key repeats`, () => {
    JSON.parse(text) // the scan only ever sees JSON that parsed
    assert.equal(repeatedKey(text), undefined)
  })
}

test('the first repeat is named, and the scan starts afresh each call', () => {
  assert.equal(repeatedKey('{"a": 1, "b": 1, "b": 2, "a": 2}'), 'b')
  assert.equal(repeatedKey('{"a": 1}'), undefined)
})

test('text that is not JSON after all ends the scan instead of looping', () => {
  assert.equal(repeatedKey('{"a'), undefined)
})

test('5,000 findings: one pass, no repeat', () => {
  const finding = (i: number) => `{"message": "m ${i}", "path": "/paths/~1p${i}", "line": ${i}}`
  const body = `{"success": true, "data": {"errors": [${Array.from({ length: 5000 }, (_, i) => finding(i)).join(',')}]}}`
  assert.equal(repeatedKey(body), undefined)
})

test('nesting 100,000 deep is scanned without recursion, the repeat after it found', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
  assert.equal(repeatedKey(`{"a": ${deep}, "b": 1}`), undefined)
  assert.equal(repeatedKey(`{"a": ${deep}, "a": 1}`), 'a')
})
