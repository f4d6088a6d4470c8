import { fundamentalDiagramOf } from './fundamental-diagram';
import { LinkCells } from './link-cells';

const fd = fundamentalDiagramOf({ lanes: 2, speedLimitKph: 50, capacityVph: 3600 });
const none = [0, 0, 0];

describe(LinkCells.name, () => {
  it('keeps cells at least one free-flow step long', () => {
    const sut = new LinkCells(500, fd, 1, 2);
    expect(sut.cellLengthM).toBeGreaterThanOrEqual(fd.freeSpeedMps);
    expect(sut.cellCount).toBe(Math.floor(500 / fd.freeSpeedMps));
  });

  it('conserves vehicles: what entered is on the link or has left it', () => {
    const sut = new LinkCells(400, fd, 1, 2);
    let entered = 0;
    let departed = 0;
    let lowest = 0;
    for (let s = 0; s < 600; s++) {
      sut.planInterior(1);
      const room = sut.receivingVeh(1);
      const entering = [0.15, 0.6, 0.1].map((v) => Math.min(v, room / 3));
      // A fixed-time stop line: 40 s open of every 90 s.
      const open = s % 90 < 40;
      const departing = [0, 1, 2].map((m) => (open ? Math.min(sut.movementSendingVeh(m, 1), 0.5) : 0));
      sut.apply(departing, entering);
      entered += entering.reduce((a, b) => a + b, 0);
      departed += departing.reduce((a, b) => a + b, 0);
      lowest = Math.min(lowest, ...sut.veh);
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(departed).toBeGreaterThan(0);
    expect(entered).toBeCloseTo(departed + sut.totalVeh, 6);
  });

  it('lets nothing past a closed stop line and backs the queue up to the link entry (spill-back)', () => {
    const sut = new LinkCells(300, fd, 1, 2);
    let entered = 0;
    let frontFullAtS: number | undefined;
    for (let s = 0; s < 900; s++) {
      sut.planInterior(1);
      const entering = Math.min(1, sut.receivingVeh(1));
      sut.apply(none, [0, entering, 0]);
      entered += entering;
      if (frontFullAtS === undefined && sut.receivingVeh(1) < 1e-6) frontFullAtS = s;
      expect(sut.outflowVeh[sut.cellCount - 1]).toBe(0);
    }
    expect(frontFullAtS).toBeDefined();
    expect(sut.totalVeh).toBeCloseTo(entered, 6);
    // Storage: one vehicle per 7 m per lane, and the link stops taking traffic when it is full.
    expect(sut.totalVeh).toBeLessThanOrEqual(sut.storageVeh + 1e-9);
    // Only the left lane of the turn bay stays empty, as no left turners came.
    expect(sut.totalVeh).toBeGreaterThan(0.85 * sut.storageVeh);
  });

  it('holds left turners in their bay while through traffic still passes, until the bay spills over', () => {
    const sut = new LinkCells(300, fd, 1, 2);
    const throughBySecond: number[] = [];
    for (let s = 0; s < 900; s++) {
      sut.planInterior(1);
      const room = sut.receivingVeh(1);
      const departing = [0, Math.min(sut.movementSendingVeh(1, 1), 1), 0];
      sut.apply(departing, [Math.min(0.05, room / 2), Math.min(0.3, room / 2), 0]);
      throughBySecond.push(departing[1]!);
    }
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    // The 60 m bay holds about 8 left turners (160 s of arrivals): meanwhile through traffic flows freely.
    expect(sum(throughBySecond.slice(30, 150))).toBeGreaterThan(0.9 * 0.3 * 120);
    // Later the waiting left turners fill the bay and block the mixed lanes behind it.
    expect(sum(throughBySecond.slice(600, 900))).toBeLessThan(0.2 * 0.3 * 300);
  });

  it('cuts capacity and storage by the closed lanes share', () => {
    const sut = new LinkCells(300, fd, 1, 2);
    const full = sut.storageVeh;
    sut.openShare = 0.5;
    expect(sut.storageVeh).toBeCloseTo(full / 2);
    sut.veh[1] = 50;
    expect(sut.movementSendingVeh(1, 1)).toBeLessThanOrEqual(fd.capacityVps * 0.5 + 1e-12);
  });
});
