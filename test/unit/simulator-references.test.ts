// The simulator's other API references (what an api-reference:<id> baseline reads): each with
// its own logs and details, over real HTTP on loopback; any other reference is a 404.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../tools/simulator.ts'

const running: Simulator[] = []
after(async () => {
  await Promise.all(running.map(sim => sim.close()))
})

async function get(sim: Simulator, reference: string, rest = '') {
  const url = `${sim.url}/v3/projects/${sim.projectId}/api-references/${reference}/logs${rest}`
  const response = await fetch(url, {
    headers: { 'x-api-key': DEFAULT_TOKEN },
    signal: AbortSignal.timeout(5000)
  })
  return { status: response.status, body: (await response.json()) as { data?: unknown } }
}

describe('simulator: other API references of the project', () => {
  it('lists and details each reference’s own logs; an unknown reference is a 404', async () => {
    const sim = await startSimulator({
      scenario: {
        name: 'two references',
        description: 'staging and production',
        logs: [{ id: 'staging-1', status: 'Completed', errorCount: 0, warningCount: 0 }],
        otherApiReferences: {
          production: [
            {
              id: 'prod-2',
              status: 'InProgress',
              errorCount: 0,
              warningCount: 0,
              createdAtMs: -1000
            },
            {
              id: 'prod-1',
              status: 'Completed',
              errorCount: 0,
              warningCount: 1,
              createdAtMs: -60_000,
              detail: { warnings: [{ message: 'old', path: '/a' }] }
            }
          ]
        }
      }
    })
    running.push(sim)
    const own = await get(sim, sim.apiReferenceId, '?page=1&page_size=10')
    assert.deepEqual(
      (own.body.data as Array<{ id: string }>).map(log => log.id),
      ['staging-1']
    )
    const production = await get(sim, 'PRODUCTION', '?page=1&page_size=100')
    assert.deepEqual(
      (production.body.data as Array<{ id: string }>).map(log => log.id),
      ['prod-2', 'prod-1']
    )
    const detail = await get(sim, 'production', '/prod-1')
    assert.deepEqual(detail.body.data, {
      id: 'prod-1',
      errors: [],
      warnings: [{ message: 'old', path: '/a' }]
    })
    assert.equal((await get(sim, 'production', '/staging-1')).status, 404, 'not another’s log')
    assert.equal((await get(sim, 'elsewhere', '?page=1')).status, 404)
  })
})
