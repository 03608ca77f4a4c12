// Validates SARIF logs against the SARIF 2.1.0 JSON schema, as published on the npm
// registry inside @microsoft/jest-sarif (the 2.1.0-rtm.5 schema, a JSON Schema draft-04
// document), with Ajv's draft-04 build and its format checks (uri, uri-reference, date-time).

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import ajvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'

const require = createRequire(import.meta.url)
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')

let validator: ((log: unknown) => string[]) | undefined

/** The schema's complaints about `log` (an empty list when it is valid SARIF 2.1.0). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validator === undefined) {
    // unicodeRegExp off: the schema's language-tag pattern is not valid with the `u` flag.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false })
    ajvFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object)
    validator = candidate =>
      validate(candidate)
        ? []
        : (validate.errors ?? []).map(
            (error: { instancePath: string; message?: string }) =>
              `${error.instancePath || '/'} ${error.message ?? ''}`
          )
  }
  return validator(log)
}
