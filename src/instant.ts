// ISO 8601 timestamps read as instants, the same on every runner: a time without an offset is
// UTC (as the API's examples and runners' clocks are), never the runner's local time (`TZ`).
// One reader for Document360's `created_at` and for the `since` input.

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

/**
 * Epoch milliseconds of an ISO 8601 date (`2026-05-01`, midnight UTC) or date-time
 * (`2026-05-01T12:00`, `…:00.1234567`, `…Z`, `…+02:00`, `…+0200`, `…+02`; `t`/`z`/space
 * accepted); undefined for anything else, including days and times that do not exist.
 */
export function parseInstant(text: string): number | undefined {
  const match = ISO_8601.exec(text.trim())
  if (match === null) return undefined
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  const ms = Math.floor(Number(`0.${fraction}`) * 1000)
  // 24:00 is the end of a day (ISO 8601); no other value of 24, and no leap second 60.
  const endOfDay = h === 24 && mi === 0 && s === 0 && ms === 0
  if ((h > 23 && !endOfDay) || mi > 59 || s > 59) return undefined
  // Not Date.UTC: it reads years 0-99 as 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  // The day must exist as written (Date rolls 2026-02-30 over to March 2).
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return undefined
  }
  date.setUTCHours(h, mi, s, ms)
  const offset = zoneOffsetMs(zone)
  return offset === undefined ? undefined : date.getTime() - offset
}

/** The offset east of UTC in ms: 0 for none or `Z`; undefined for an impossible one. */
function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || /^z$/i.test(zone)) return 0
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = Number(digits.slice(2) || '0')
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000
}
