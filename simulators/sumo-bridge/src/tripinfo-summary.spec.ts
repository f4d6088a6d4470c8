import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summariseTripinfo, summariseTripinfoFile } from './tripinfo-summary';

const TRIPINFO = `<?xml version="1.0" encoding="UTF-8"?><!-- c --><tripinfos>
  <tripinfo id="a" duration="100.00" waitingTime="10.00" timeLoss="20.00"/>
  <tripinfo id="b&#x4E2D;" duration="50.00" waitingTime="0.00" timeLoss="10.00"></tripinfo>
  <tripinfo id="still-driving" arrival="-1.00" duration="8.00" waitingTime="0.00" timeLoss="4.01" vaporized="end"/>
</tripinfos>`;

describe(summariseTripinfo.name, () => {
  it('averages time loss, waiting time and duration over finished trips, counts unfinished ones apart, and scales throughput to an hour', () => {
    expect(summariseTripinfo(TRIPINFO, 1800)).toEqual({ trips: 2, unfinished: 1, meanTimeLossS: 15, meanWaitingTimeS: 5, meanDurationS: 75, totalTimeLossS: 30, throughputVph: 4 });
  });
  it('is all zeros for an empty run', () => {
    expect(summariseTripinfo('', 0)).toMatchObject({ trips: 0, meanTimeLossS: 0, throughputVph: 0 });
  });
});

describe(summariseTripinfoFile.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-tripinfo-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams the file', async () => {
    const file = path.join(dir, 'full.xml');
    fs.writeFileSync(file, TRIPINFO);
    const sut = await summariseTripinfoFile(file, 1800);
    expect(sut).toMatchObject({ trips: 2, meanTimeLossS: 15, throughputVph: 4 });
  });
  it('counts the trips of a file cut short in the middle of a tag', async () => {
    const file = path.join(dir, 'cut.xml');
    fs.writeFileSync(file, TRIPINFO.slice(0, TRIPINFO.indexOf('duration="50.00"')));
    expect(await summariseTripinfoFile(file, 3600)).toMatchObject({ trips: 1, meanTimeLossS: 20, throughputVph: 1 });
  });
  it('is all zeros when SUMO wrote no file', async () => {
    expect(await summariseTripinfoFile(path.join(dir, 'none.xml'), 60)).toMatchObject({ trips: 0, throughputVph: 0 });
  });
  it('still rejects malformed XML, naming file and line', async () => {
    const file = path.join(dir, 'bad.xml');
    fs.writeFileSync(file, '<tripinfos>\n<tripinfo id="a" duration="1"/>\n<tripinfo id="b" duration=2/>\n</tripinfos>');
    await expect(summariseTripinfoFile(file, 60)).rejects.toThrow(`${file}:3:`);
  });
});
