import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadNetworkFile } from './load-network';

describe(loadNetworkFile.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'device-kit-network-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads a valid network model', async () => {
    // The committed demo network, read as a file like any engineer's own network.
    const model = await loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
    expect(model.format).toBe('arterial-network');
    expect(model.features.length).toBeGreaterThan(0);
  });

  it('names the file when it is not JSON or not a network model', async () => {
    await expect(loadNetworkFile(write('bad.geojson', '{ nope'))).rejects.toThrow(/bad\.geojson is not JSON/);
    await expect(loadNetworkFile(write('wrong.geojson', JSON.stringify({ type: 'FeatureCollection' })))).rejects.toThrow(/wrong\.geojson: network model is invalid/);
  });
});
