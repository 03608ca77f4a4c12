// The inputs that point the action at a simulator: its token, ids and URL.
import type { Simulator } from './types.ts'

export function simulatorInputs(sim: Simulator): Record<string, string> {
  return {
    token: sim.token,
    'project-id': sim.projectId,
    'api-reference-id': sim.apiReferenceId,
    'api-url': sim.url
  }
}
