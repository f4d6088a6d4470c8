import { readFileSync } from 'node:fs';
import { demoNetwork } from './demo-network';
import { serializeNetwork } from './network-file';
import { DEMO_NETWORK_FILE } from './write-demo-network';

describe('firmware-contracts/networks/demo.geojson', () => {
  it('matches the generator (run `npm run build && npm run generate` after changing it)', () => {
    const sut = readFileSync(DEMO_NETWORK_FILE, 'utf8');
    expect(sut === serializeNetwork(demoNetwork())).toBe(true);
  });
});
