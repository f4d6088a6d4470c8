import { Rng } from '../random/prng';
import { ApproachLane, SATURATION_FLOW_VPS } from './approach-lane';

describe(ApproachLane.name, () => {
  it('holds traffic on red and discharges it on green at no more than the saturation flow', () => {
    const sut = new ApproachLane(500);
    const rng = new Rng(1);
    let departed = 0;
    for (let s = 0; s < 60; s++) departed += sumDepartures(sut.step('red', 0.3, rng));
    expect(departed).toBe(0);
    const queued = sut.queueVeh;
    expect(queued).toBeGreaterThan(5);
    let greenDepartures = 0;
    for (let s = 0; s < 30; s++) greenDepartures += sumDepartures(sut.step('green', 0, rng));
    expect(greenDepartures).toBeLessThanOrEqual(Math.ceil(30 * SATURATION_FLOW_VPS));
    expect(greenDepartures).toBeGreaterThan(0);
  });

  it('never queues more than the link can store', () => {
    const sut = new ApproachLane(140);
    const rng = new Rng(2);
    for (let s = 0; s < 600; s++) sut.step('red', 1, rng);
    expect(sut.queueVeh).toBe(sut.storageVeh);
    expect(sut.storageVeh).toBe(20);
  });

  it('lets light traffic through a green without stopping', () => {
    const sut = new ApproachLane(500);
    const rng = new Rng(3);
    let free = 0;
    let queued = 0;
    for (let s = 0; s < 600; s++) {
      const r = sut.step('green', 0.1, rng);
      free += r.passedFreely;
      queued += r.dischargedFromQueue;
    }
    expect(free).toBeGreaterThan(queued);
  });
});

function sumDepartures(r: { dischargedFromQueue: number; passedFreely: number }): number {
  return r.dischargedFromQueue + r.passedFreely;
}
