// Sent as the User-Agent and named in the SARIF file; a unit test keeps it equal to
// package.json's version.
export const ACTION_NAME = 'document360-import-gate'
export const ACTION_VERSION = '1.1.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`
