// ISO 8601 read as instants: an offset-less time is UTC whatever the runner's TZ. The "time
// zones" suite is run again under several TZ values by time-zones.alone.test.ts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseInstant } from '../../src/instant.ts'

const at = (iso: string): number => Date.parse(iso)

describe('time zones: parseInstant', () => {
  test('a date-time without an offset is UTC', () => {
    assert.equal(parseInstant('2026-11-30T10:00:00'), at('2026-11-30T10:00:00Z'))
    assert.equal(parseInstant('2026-11-30T10:00'), at('2026-11-30T10:00:00Z'))
    assert.equal(parseInstant('2026-11-30 10:00:00'), at('2026-11-30T10:00:00Z'))
    assert.equal(parseInstant('2026-11-30t10:00:00.250'), at('2026-11-30T10:00:00.250Z'))
    // Across a daylight-saving change of many zones, and a leap day.
    assert.equal(parseInstant('2026-03-29T01:30:00'), at('2026-03-29T01:30:00Z'))
    assert.equal(parseInstant('2026-11-01T01:30:00'), at('2026-11-01T01:30:00Z'))
    assert.equal(parseInstant('2028-02-29T23:59:59'), at('2028-02-29T23:59:59Z'))
  })

  test('a date alone is midnight UTC', () => {
    assert.equal(parseInstant('2026-11-30'), at('2026-11-30T00:00:00Z'))
  })

  test('offsets in every ISO 8601 spelling are honoured', () => {
    const instant = at('2026-11-30T08:00:00Z')
    for (const text of [
      '2026-11-30T08:00:00Z',
      '2026-11-30T08:00:00z',
      '2026-11-30T10:00:00+02:00',
      '2026-11-30T10:00:00+0200',
      '2026-11-30T10:00:00+02',
      '2026-11-30T04:30:00-03:30',
      '2026-11-30T22:00:00+14:00',
      '2026-11-29T22:00:00-10:00',
      '  2026-11-30T08:00:00Z  '
    ]) {
      assert.equal(parseInstant(text), instant, text)
    }
  })

  test('fractions of any length are read to the millisecond', () => {
    assert.equal(parseInstant('2026-11-30T10:00:00.1234567Z'), at('2026-11-30T10:00:00.123Z'))
    assert.equal(parseInstant('2026-11-30T10:00:00,5Z'), at('2026-11-30T10:00:00.500Z'))
    assert.equal(parseInstant('2026-11-30T10:00:00.9999999'), at('2026-11-30T10:00:00.999Z'))
  })

  test('24:00 is the end of the day; years before 100 stay what they say', () => {
    assert.equal(parseInstant('2026-11-30T24:00:00Z'), at('2026-12-01T00:00:00Z'))
    assert.equal(new Date(parseInstant('0050-01-01T00:00:00Z') ?? NaN).getUTCFullYear(), 50)
  })

  test('anything else is unreadable, not a guess', () => {
    for (const text of [
      '',
      'now',
      '2026-11-30T10',
      '2026-11-30T10:00:00 PST',
      'Mon, 30 Nov 2026 10:00:00 GMT',
      'Nov 30 2026 10:00',
      '30/11/2026 10:00',
      '1764496800000',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-30T25:00:00Z',
      '2026-11-30T24:00:01Z',
      '2026-11-30T10:60:00Z',
      '2026-11-30T10:00:60Z',
      '2026-11-30T10:00:00+24:00',
      '2026-11-30T10:00:00+02:60',
      '2026-11-30T10:00:00Zjunk',
      '+002026-11-30T10:00:00Z'
    ]) {
      assert.equal(parseInstant(text), undefined, text)
    }
  })
})
