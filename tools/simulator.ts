// A Document360 V3 stand-in for the two import-log endpoints, resync (a PUT starts an import
// that runs, then ends as the scenario says) and publish, served with node:http on loopback.
// It checks the token, validates paging as the API documents, answers with the API's own body
// shapes (RFC 7807 problem bodies for errors), can share one rate limit among several API
// references, and plays scenarios: named ones (see SCENARIO_NAMES) or a Scenario object a test
// builds for an odd case.
//
// Also a CLI: `node tools/simulator.ts --scenario findings [--port 0]` prints `name=value`
// lines (url, token, ids, suggested inputs) on stdout and serves until killed.
//
// The parts live in tools/simulator/: types.ts, bodies.ts, scenarios.ts (the named
// scenarios), timeline.ts, routing.ts, references.ts (each API reference's logs, resync and
// publish), server.ts (startSimulator), inputs.ts (the action inputs that point at a
// simulator) and cli.ts.

import { cli } from './simulator/cli.ts'

export { problemBody } from './simulator/bodies.ts'
export { simulatorInputs } from './simulator/inputs.ts'
export {
  FINDINGS_DETAIL,
  SCENARIO_NAMES,
  describeScenarios,
  legacyWarnings,
  namedScenario
} from './simulator/scenarios.ts'
export {
  DEFAULT_API_REFERENCE_ID,
  DEFAULT_PROJECT_ID,
  DEFAULT_TOKEN,
  startSimulator
} from './simulator/server.ts'
export type {
  AuthScheme,
  Fault,
  FaultContext,
  LogChange,
  RecordedPublish,
  RecordedRequest,
  RequestKind,
  Scenario,
  ScenarioDetail,
  ScenarioFinding,
  ScenarioLog,
  ScenarioParams,
  ScenarioResync,
  Simulator,
  SimulatorOptions,
  StartedImport
} from './simulator/types.ts'

if (import.meta.main) {
  await cli(process.argv.slice(2))
}
