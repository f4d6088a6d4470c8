/**
 * The SUMO XML readers on inputs real cities bring: a generated 100 × 100 grid (10,000 signalised junctions, about
 * 40 MB) read as a stream, and nets written by Debian's netconvert and netgenerate.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { intersectionsOf, linksOf } from '@arterial/contracts/network';
import { buildGridScenario, readSumoNet, sumoEnv, sumoNetFileToNetwork, sumoNetToNetwork, visitXmlFile, type OpenXmlFile } from '@arterial/sumo-bridge';
import { gridNetXml } from './grid-net.fixture';

const CHUNK_BYTES = 64 * 1024;

/** Opens files like the readers' default, but records every chunk and the heap in use as each one arrives. */
function watchedOpen(): { open: OpenXmlFile; chunks: number[]; peakHeapBytes: () => number } {
  const chunks: number[] = [];
  let peak = 0;
  return {
    chunks,
    peakHeapBytes: () => peak,
    open: async function* (file) {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
        chunks.push((chunk as Buffer).length);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield chunk as Buffer;
      }
    },
  };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

describe('SUMO XML streaming', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-xml-'));
  const largeNet = path.join(tmp, 'grid-100x100.net.xml');
  let largeBytes = 0;

  beforeAll(async () => {
    await pipeline(Readable.from(gridNetXml(100)), fs.createWriteStream(largeNet));
    largeBytes = fs.statSync(largeNet).size;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('visits the first elements of a large net before the rest of the file is read', async () => {
    const watched = watchedOpen();
    let chunksAtFirstEdge = 0;
    let elements = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    await visitXmlFile(largeNet, (e) => {
      elements++;
      if (e.name === 'edge' && chunksAtFirstEdge === 0) chunksAtFirstEdge = watched.chunks.length;
    }, { open: watched.open });
    expect(watched.chunks).toHaveLength(Math.ceil(largeBytes / CHUNK_BYTES));
    expect(Math.max(...watched.chunks)).toBe(CHUNK_BYTES);
    expect(chunksAtFirstEdge).toBe(1);
    // Visiting alone keeps nothing: what the heap gains is garbage the collector has not reached yet, not the file.
    const growth = watched.peakHeapBytes() - heapBefore;
    console.log(`visit ${mb(largeBytes)} in ${watched.chunks.length} chunks: ${elements} elements, peak heap growth ${mb(growth)}`);
    expect(growth).toBeLessThan(largeBytes);
  });

  it('reads 10,000 junctions with decoded names and converts them', async () => {
    const watched = watchedOpen();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const sut = await readSumoNet(largeNet, watched.open);
    const readMs = Date.now() - started;
    expect(sut.junctions).toHaveLength(10_000);
    expect(sut.tlLogics).toHaveLength(10_000);
    expect(sut.edges).toHaveLength(4 * 100 * 99);
    expect(sut.edges[0]?.name).toBe('Straße 中山路 0&0');
    expect(sut.connections).toHaveLength(10_000 * 12 - 4 * 98 * 6 - 4 * 10);
    expect(watched.chunks).toHaveLength(Math.ceil(largeBytes / CHUNK_BYTES));

    const convertStarted = Date.now();
    const model = await sumoNetFileToNetwork(largeNet, { name: 'grid-100x100' });
    const convertMs = Date.now() - convertStarted;
    expect(intersectionsOf(model)).toHaveLength(10_000);
    expect(linksOf(model)).toHaveLength(4 * 100 * 99);
    console.log(
      `read ${mb(largeBytes)} net in ${readMs} ms (peak heap growth ${mb(watched.peakHeapBytes() - heapBefore)}), converted in ${convertMs} ms`,
    );
  });

  it('converts a netconvert net with non-ASCII street names given as character references', async () => {
    const dir = path.join(tmp, 'netconvert');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'plain.nod.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<nodes>
  <node id="C" x="0" y="0" type="traffic_light"/>
  <node id="W" x="-200" y="0"/><node id="E" x="200" y="0"/><node id="S" x="0" y="-200"/><node id="N" x="0" y="200"/>
</nodes>`);
    fs.writeFileSync(path.join(dir, 'plain.edg.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<edges>
  <!-- the main street, named by a tool that escapes everything outside ASCII -->
  <edge id="WC" from="W" to="C" numLanes="2" speed="13.89" name="Stra&#223;e &#x4E2D;&#x5C71;路 &amp; Co"/>
  <edge id="CE" from="C" to="E" numLanes="2" speed="13.89" name="Stra&#223;e &#x4E2D;&#x5C71;路 &amp; Co"/>
  <edge id="SC" from="S" to="C" numLanes="1" speed="13.89"/><edge id="CN" from="C" to="N" numLanes="1" speed="13.89"/>
</edges>`);
    const netFile = path.join(dir, 'city.net.xml');
    execFileSync('netconvert', ['--node-files', 'plain.nod.xml', '--edge-files', 'plain.edg.xml', '--output.street-names', 'true', '-o', netFile], {
      cwd: dir, env: sumoEnv(), stdio: ['ignore', 'ignore', 'pipe'],
    });
    const sut = await sumoNetFileToNetwork(netFile, { name: 'netconvert' });
    expect(linksOf(sut).find((l) => l.properties.id === 'WC')?.properties).toMatchObject({ name: 'Straße 中山路 & Co', lanes: 2 });
    expect(intersectionsOf(sut).map((i) => i.properties.id)).toEqual(['C']);
  });

  it('gives the same model from a netgenerate file as from its text', async () => {
    const scenario = buildGridScenario({ dir: path.join(tmp, 'grid'), columns: 4, rows: 3, seconds: 60 });
    const additional = path.join(tmp, 'grid', 'detectors.add.xml');
    const sut = await sumoNetFileToNetwork(scenario.netFile, { name: 'grid', additionalFiles: [additional] });
    expect(sut).toEqual(sumoNetToNetwork(fs.readFileSync(scenario.netFile, 'utf8'), { name: 'grid', additionalXml: [fs.readFileSync(additional, 'utf8')] }));
    expect(intersectionsOf(sut)).toHaveLength(12);
  });
});
