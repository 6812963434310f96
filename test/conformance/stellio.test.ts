/**
 * Stellio context-broker fixtures (NGSI_LD_FIXTURES/brokers/stellio): entity and subscription
 * bodies accepted and read back equal, *incorrect* bodies rejected with 400.
 * The expected temporal and subscription representations under expectations/ and temporal/ are
 * expanded JSON-LD produced from data that is not in the fixtures: skipped with that reason.
 */
import { fixtureDir, NGSI_LD_FIXTURES } from '../support/fixtures';
import { bodyFamily } from './support/body-family';

bodyFamily({
  family: 'stellio',
  title: 'Stellio fixtures',
  dir: fixtureDir(NGSI_LD_FIXTURES, 'brokers', 'stellio'),
  malformed: /incorrect|invalid/i,
  skipReason: (name) => {
    if (name.includes('expectations/') || name.includes('/temporal/')) return 'expected representation (expanded JSON-LD) of data that is not in the fixtures';
    if (/temporal_values|evolution/.test(name)) return 'temporal representation, not a request body';
    return undefined;
  },
  knownDeviations: {},
});
