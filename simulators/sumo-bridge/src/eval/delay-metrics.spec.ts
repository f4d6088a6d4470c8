import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { delayMetricsOfTripinfo, delayMetricsOfTripinfoFile } from './delay-metrics';

/** Tripinfo as SUMO 1.15 writes it with write-unfinished and write-undeparted, built by hand. */
function tripinfo(trips: readonly Record<string, number>[]): string {
  const lines = trips.map((t) => `  <tripinfo ${Object.entries(t).map(([k, v]) => `${k}="${v.toFixed(2)}"`).join(' ')} vType="car"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tripinfos>\n${lines.join('\n')}\n</tripinfos>\n`;
}

const arrivedA = { depart: 10, departDelay: 2, arrival: 110, duration: 100, waitingTime: 10, timeLoss: 20 };
const arrivedB = { depart: 20, departDelay: 0, arrival: 70, duration: 50, waitingTime: 0, timeLoss: 10 };
const running = { depart: 250, departDelay: 4, arrival: -1, duration: 50, waitingTime: 30, timeLoss: 36 };
const neverInserted = { depart: -1, departDelay: 48, arrival: -1, duration: 0, waitingTime: 0, timeLoss: 0 };

describe(delayMetricsOfTripinfo.name, () => {
  it('counts arrived, running and never-inserted vehicles in the mean delay', () => {
    const sut = delayMetricsOfTripinfo(tripinfo([arrivedA, arrivedB, running, neverInserted]));
    expect(sut).toEqual({
      // (22 + 10 + 40 + 48) / 4
      meanDelayS: 30,
      // time loss and waiting over the three that entered
      meanTimeLossS: 22,
      meanWaitingS: 13.33,
      // travel time over the two that arrived
      meanTravelTimeS: 75,
      arrived: 2,
      running: 1,
      notInserted: 1,
    });
  });

  it('makes a control that keeps vehicles out look worse, not better', () => {
    const flowing = delayMetricsOfTripinfo(tripinfo([arrivedA, arrivedB]));
    const blocking = delayMetricsOfTripinfo(tripinfo([arrivedB, { ...neverInserted, departDelay: 300 }]));
    expect(blocking.meanTimeLossS).toBeLessThan(flowing.meanTimeLossS);
    expect(blocking.meanDelayS).toBeGreaterThan(flowing.meanDelayS);
  });

  it('is all zeros for a run without vehicles', () => {
    expect(delayMetricsOfTripinfo('')).toEqual({ meanDelayS: 0, meanTimeLossS: 0, meanWaitingS: 0, meanTravelTimeS: 0, arrived: 0, running: 0, notInserted: 0 });
  });
});

describe(delayMetricsOfTripinfoFile.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-delay-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams the file, and a file cut short counts what was written', async () => {
    const file = path.join(dir, 'tripinfo.xml');
    const xml = tripinfo([arrivedA, arrivedB, neverInserted]);
    fs.writeFileSync(file, xml.slice(0, xml.indexOf('<tripinfo depart="-1')) + '<tripinfo depa');
    expect(await delayMetricsOfTripinfoFile(file)).toMatchObject({ arrived: 2, notInserted: 0, meanDelayS: 16 });
  });

  it('treats a missing file as a run without vehicles', async () => {
    expect(await delayMetricsOfTripinfoFile(path.join(dir, 'missing.xml'))).toMatchObject({ arrived: 0, meanDelayS: 0 });
  });
});
