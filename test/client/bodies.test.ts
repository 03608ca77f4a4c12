// Bodies as servers and proxies really send them: compressed (gzip, deflate, br, stacked),
// broken or unknown encodings, decompression bombs, binary bytes, and a UTF-8 BOM. What the
// gate cannot read ends in a clear error that quotes text only, never bytes.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { Transport } from '../../src/document360/http.ts'
import { failure, fixture, harnessPerTest, START_MS, TOKEN } from './mock-api.ts'

const LIST_BODY = fixture('v3-logs-list-200.json')
const PROBLEM_401 = fixture('v3-problem-401.json')
const DESCRIPTION = {
  what: 'list import logs',
  projectId: 'p',
  apiReferenceId: 'r',
  authScheme: 'bearer'
}

const setup = harnessPerTest()

/** No replacement characters, no control characters, no line breaks: text only. */
function assertPrintable(message: string): void {
  assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f\ufffd]/, message)
}

const encoders: Record<string, (data: Buffer) => Buffer> = {
  gzip: data => gzipSync(data),
  'x-gzip': data => gzipSync(data),
  deflate: data => deflateSync(data),
  br: data => brotliCompressSync(data)
}

describe('compressed answers are decoded', () => {
  for (const [encoding, encode] of Object.entries(encoders)) {
    test(`${encoding}: a log list`, async () => {
      const h = setup()
      h.serve([
        {
          status: 200,
          body: encode(Buffer.from(LIST_BODY)),
          headers: { 'content-type': 'application/json', 'content-encoding': encoding }
        }
      ])
      const entries = await h.client.listLogs(1, 1)
      assert.equal(entries.length, 2)
    })
  }

  test('raw deflate (as some servers send it) is decoded too', async () => {
    const h = setup()
    const body = deflateRawSync(Buffer.from(LIST_BODY))
    h.serve([{ status: 200, body, headers: { 'content-encoding': 'deflate' } }])
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
  })

  test('stacked codings are undone last first; case and identity do not matter', async () => {
    const h = setup()
    const body = brotliCompressSync(gzipSync(Buffer.from(LIST_BODY)))
    h.serve([
      { status: 200, body, headers: { 'content-encoding': 'GZIP, identity, Br' } },
      { status: 200, body: LIST_BODY, headers: { 'content-encoding': 'identity' } }
    ])
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
  })

  test('a compressed problem body is read for the error message', async () => {
    const h = setup()
    h.serve([
      {
        status: 401,
        body: gzipSync(Buffer.from(PROBLEM_401)),
        headers: { 'content-type': 'application/problem+json', 'content-encoding': 'gzip' }
      }
    ])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /HTTP 401 \(Unauthorized/)
    assertPrintable(error.message)
  })

  test('the gate says which encodings it decodes', async () => {
    const h = setup()
    h.serve([{ status: 200, body: LIST_BODY }])
    await h.client.listLogs(1, 1)
    assert.equal(h.requests[0]?.headers['accept-encoding'], 'gzip, deflate, br')
  })
})

describe('answers that cannot be decoded', () => {
  test('a corrupt gzip body: a body error naming the encoding, no bytes', async () => {
    const h = setup()
    const body = gzipSync(Buffer.from(LIST_BODY)).subarray(0, 40)
    h.serve([{ status: 200, body, headers: { 'content-encoding': 'gzip' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /marked as "gzip" \(Content-Encoding\) but does not decode/)
    assertPrintable(error.message)
  })

  test('bytes that claim gzip but are not: the same', async () => {
    const h = setup()
    h.serve([{ status: 200, body: LIST_BODY, headers: { 'content-encoding': 'gzip' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /"gzip" \(Content-Encoding\) but does not decode/)
  })

  for (const encoding of ['zstd', 'compress', 'x-custom', 'constructor', '__proto__', 'tostring']) {
    test(`an encoding the gate does not know (${encoding}) is named as the problem`, async () => {
      const h = setup()
      const body = randomBytes(300)
      h.serve([{ status: 200, body, headers: { 'content-encoding': encoding } }])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.kind, 'body')
      assert.match(error.message, new RegExp(`encoded as "${encoding}".*cannot decode`))
      assertPrintable(error.message)
    })
  }

  test('an encoding name that is not a token is not quoted', async () => {
    const h = setup()
    h.serve([{ status: 200, body: 'x', headers: { 'content-encoding': '::error::x y' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /encoded as an unknown encoding/)
    assert.doesNotMatch(error.message, /::error::/)
  })

  test('an undecodable 502 is reported as the 502 it is', async () => {
    const h = setup()
    h.serve([{ status: 502, body: randomBytes(64), headers: { 'content-encoding': 'br' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.status, 502)
    assert.match(error.message, /HTTP 502 after 4 tries \(the answer is marked as "br"/)
    assertPrintable(error.message)
  })

  for (const [encoding, encode] of Object.entries(encoders)) {
    test(`a ${encoding} bomb stops at the body cap`, async () => {
      const h = setup()
      const transport = new Transport({
        baseUrl: 'https://apihub.example.test',
        headers: {},
        deadlineMs: START_MS + 60_000,
        secrets: [TOKEN],
        dispatcher: h.agent,
        clock: h.clock,
        maxBodyBytes: 100_000
      })
      // 8 MB of zeros is a few KB compressed: within the cap on the wire, far over it decoded.
      const bomb = encode(Buffer.alloc(8 * 1024 * 1024))
      assert.ok(bomb.length < 100_000)
      h.serve([{ status: 200, body: bomb, headers: { 'content-encoding': encoding } }])
      const error = await failure(transport.getJson('/logs', DESCRIPTION))
      assert.equal(error.kind, 'body')
      assert.match(error.message, /larger than 100000 bytes once decompressed/)
    })
  }
})

describe('binary bodies are described, never printed', () => {
  const binaries: Record<string, Buffer> = {
    'random bytes': randomBytes(2048),
    'UTF-16 JSON': Buffer.from(`\ufeff${LIST_BODY}`, 'utf16le'),
    'Latin-1 HTML': Buffer.from(
      '<html><body>Zugriff verweigert: Gr\xfc\xdfe</body></html>',
      'latin1'
    ),
    'a PNG': Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(100)]),
    'NUL bytes in ASCII': Buffer.from('error\u0000\u0000\u0000 at offset 0')
  }

  for (const [name, body] of Object.entries(binaries)) {
    test(`${name} with 200: "binary body of N bytes"`, async () => {
      const h = setup()
      h.serve([{ status: 200, body }])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.kind, 'body')
      assert.match(error.message, new RegExp(`not JSON \\(binary body of [\\d,]+ bytes\\)`))
      assertPrintable(error.message)
    })
  }

  test('a binary error page: the status, and its size only', async () => {
    const h = setup()
    h.serve([{ status: 403, body: binaries['random bytes'] ?? Buffer.alloc(0) }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /HTTP 403 \(binary body of 2,048 bytes\)/)
    assertPrintable(error.message)
  })

  test('text with a stray invalid byte inside JSON still parses', async () => {
    const h = setup()
    const body = Buffer.concat([
      Buffer.from('{"success":true,"data":{"errors":[{"message":"bad '),
      Buffer.from([0xff]),
      Buffer.from(' byte","path":"/x"}],"warnings":[]}}')
    ])
    h.serve([{ status: 200, body }])
    const detail = await h.client.getLogDetail('x')
    assert.equal(detail.errors.length, 1)
  })
})

describe('a UTF-8 byte order mark', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf])

  test('before a log list is accepted', async () => {
    const h = setup()
    h.serve([{ status: 200, body: Buffer.concat([BOM, Buffer.from(LIST_BODY)]) }])
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
  })

  test('before a compressed log detail is accepted', async () => {
    const h = setup()
    const body = gzipSync(Buffer.concat([BOM, Buffer.from(fixture('v3-log-detail-200.json'))]))
    h.serve([{ status: 200, body, headers: { 'content-encoding': 'gzip' } }])
    const detail = await h.client.getLogDetail('1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d')
    assert.ok(detail.errors.length > 0)
  })

  test('before a problem body: its details are read', async () => {
    const h = setup()
    h.serve([{ status: 401, body: Buffer.concat([BOM, Buffer.from(PROBLEM_401)]) }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /HTTP 401 \(Unauthorized/)
  })

  test('alone, or twice, it is still not JSON', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: BOM },
      { status: 200, body: Buffer.concat([BOM, BOM, Buffer.from(LIST_BODY)]) }
    ])
    assert.match((await failure(h.client.listLogs(1, 1))).message, /not JSON \(empty body\)/)
    assert.match((await failure(h.client.listLogs(1, 1))).message, /not JSON/)
  })
})

describe('a key twice in one object: the answer is ambiguous', () => {
  const listing = (log: string) => `{"success": true, "data": [${log}]}`
  const CLEAN =
    '"id": "l1", "created_at": "2026-11-30T10:00:00Z", "error_count": 0, "warning_count": 0'

  for (const [name, body] of [
    [
      'status Failed, then Completed',
      listing(`{"status": "Failed", ${CLEAN}, "status": "Completed"}`)
    ],
    [
      'the second spelled with an escape',
      listing(`{"status": "Failed", ${CLEAN}, "st\\u0061tus": "Completed"}`)
    ],
    [
      'in the envelope',
      `{"success": false, "success": true, "data": [{"status": "Completed", ${CLEAN}}]}`
    ],
    ['the counts', listing(`{"status": "Completed", ${CLEAN}, "error_count": 3}`)]
  ] as const) {
    test(`${name}: an error that names the key, never a guess`, async () => {
      const h = setup()
      h.serve([{ status: 200, body }])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.kind, 'body')
      assert.match(error.message, /has the key "(status|success|error_count)" twice/)
    })
  }

  test('in a log detail too', async () => {
    const h = setup()
    const detail = JSON.parse(fixture('v3-log-detail-200.json')) as { data: object }
    const text = JSON.stringify(detail).replace('"data":{', '"data":{"errors":[],')
    h.serve([{ status: 200, body: text }])
    const error = await failure(h.client.getLogDetail('1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'))
    assert.match(error.message, /has the key "errors" twice/)
  })

  test('a repeated key that holds the token is not printed', async () => {
    const h = setup()
    h.serve([{ status: 200, body: `{"${TOKEN}": 1, "${TOKEN}": 2, "data": []}` }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.ok(!error.message.includes(TOKEN), error.message)
    assert.match(error.message, /has the key "\*\*\*" twice/)
  })
})
