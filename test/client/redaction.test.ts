// The token in another letter case: a server may lower-case it (a host name in a Location
// header) or upper-case it. It is removed from every message all the same.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Document360Error } from '../../src/document360/errors.ts'
import { redact } from '../../src/text.ts'
import { LOGS_PATH, TOKEN, harness, type Harness } from './mock-api.ts'

describe('redact in any case', () => {
  test('lower, upper and mixed case are all removed', () => {
    const secret = 'AbC_dEf-123'
    assert.equal(redact('abc_def-123', [secret]), '***')
    assert.equal(redact('ABC_DEF-123', [secret]), '***')
    assert.equal(redact('x aBc_DeF-123 y AbC_dEf-123', [secret]), 'x *** y ***')
  })

  test('several secrets, each in any case, and overlapping text', () => {
    assert.equal(redact('T0K s3C t0kt0k', ['t0k', 'S3c']), '*** *** ******')
  })

  test('secrets are literal text, not patterns, in any case', () => {
    assert.equal(redact('A.B+C a_b+c a.b+c (x)', ['a.b+c', '(X)']), '*** a_b+c *** ***')
    assert.equal(redact('a\\b A\\B', ['a\\b']), '*** ***')
  })

  test('other text is left alone', () => {
    assert.equal(redact('nothing here', ['secret']), 'nothing here')
    assert.equal(redact('abc', ['']), 'abc')
  })
})

describe('the token in another case, from a server', () => {
  let current: Harness | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })

  async function message(h: Harness): Promise<string> {
    try {
      await h.client.listLogs(1, 1)
    } catch (error) {
      assert.ok(error instanceof Document360Error)
      return error.message
    }
    assert.fail('expected the request to fail')
  }

  function assertNoToken(text: string): void {
    assert.equal(text.toLowerCase().includes(TOKEN.toLowerCase()), false, text)
  }

  test('lower-cased in the host name of a redirect (URL parsing lower-cases hosts)', async () => {
    const h = (current = harness())
    h.serve([{ status: 302, headers: { location: `https://${TOKEN}.evil.example${LOGS_PATH}` } }])
    const text = await message(h)
    assert.match(text, /another host \(https:\/\/\*\*\*\.evil\.example\)/)
    assertNoToken(text)
  })

  test('upper-cased in a problem body', async () => {
    const h = (current = harness())
    h.serve([
      { status: 401, body: { title: 'Unauthorized', detail: `Key ${TOKEN.toUpperCase()}` } }
    ])
    const text = await message(h)
    assert.match(text, /Key \*\*\*/)
    assertNoToken(text)
  })

  test('lower-cased in an HTML page and in a success: false envelope', async () => {
    const h = (current = harness())
    h.serve([
      { status: 200, body: `<html>bad key ${TOKEN.toLowerCase()}</html>` },
      { status: 200, body: { success: false, errors: [{ message: TOKEN.toLowerCase() }] } }
    ])
    assertNoToken(await message(h))
    assertNoToken(await message(h))
  })

  test('in findings, lower-cased', async () => {
    const h = (current = harness())
    const body = { success: true, data: { errors: [{ message: `at ${TOKEN.toLowerCase()}` }] } }
    h.serve([{ status: 200, body }])
    const detail = await h.client.getLogDetail('x')
    assert.equal(detail.errors[0]?.message, 'at ***')
  })
})
