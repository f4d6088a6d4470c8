import type { JunctionLimits } from '@arterial/contracts/network';
import { ConflictMonitor, monitorCardOf, type Violation } from './conflict-monitor';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
/** Links 0 and 1 (one approach) go together, link 2 crosses them; 2 s all-red after each yellow. */
const LOGIC: TlsLogic = {
  programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {},
  phases: [phase(20, 'GGr'), phase(3, 'yyr'), phase(2, 'rrr'), phase(20, 'rrG'), phase(3, 'rry'), phase(2, 'rrr')],
};
const LIMITS: JunctionLimits = {
  phases: [
    { id: 1, name: 'P1', movements: [], minGreenS: 5, maxGreenS: 60, yellowS: 3, allRedS: 2 },
    { id: 2, name: 'P2', movements: [], minGreenS: 5, maxGreenS: 60, yellowS: 3, allRedS: 2 },
  ],
  sequence: [1, 2],
};

/** Feeds one state per second from t=100, as `[state, seconds]` runs; returns every violation. */
function run(sut: ConflictMonitor, runs: [string, number][]): Violation[] {
  const found: Violation[] = [];
  let t = 100;
  for (const [state, seconds] of runs) for (let k = 0; k < seconds; k++) found.push(...sut.observe(t++, state));
  return found;
}

describe(ConflictMonitor.name, () => {
  const card = monitorCardOf(LOGIC, LIMITS);

  it('reads its card from the program and the junction limits', () => {
    expect(card.compatible.map((s) => [...s].sort())).toEqual([[0, 1], [0, 1], [2]]);
    expect(card).toMatchObject({ minGreenS: 5, yellowS: 3, allRedS: 2 });
  });

  it('passes the program it was carded from, cycle after cycle, and a first run of unknown length', () => {
    const sut = new ConflictMonitor(card);
    const cycle: [string, number][] = [['GGr', 20], ['yyr', 3], ['rrr', 2], ['rrG', 20], ['rry', 3], ['rrr', 2]];
    expect(run(sut, [['GGr', 1], ...cycle.slice(1), ...cycle, ...cycle])).toEqual([]);
    expect(sut.latchedBy).toBeUndefined();
  });

  it('latches on two conflicting greens and reports nothing after', () => {
    const sut = new ConflictMonitor(card);
    const found = run(sut, [['GGr', 10], ['GGG', 1], ['ooo', 5], ['GGG', 3]]);
    expect(found).toEqual([
      { kind: 'conflict', simTimeS: 110, links: [0, 2], detail: 'links 0 and 2 green together' },
      { kind: 'conflict', simTimeS: 110, links: [1, 2], detail: 'links 1 and 2 green together' },
    ]);
    expect(sut.latchedBy?.kind).toBe('conflict');
  });

  it('flags a green cut below the minimum', () => {
    const found = run(new ConflictMonitor(card), [['rrG', 1], ['rry', 3], ['rrr', 2], ['GGr', 4], ['yyr', 1]]);
    expect(found[0]).toMatchObject({ kind: 'short-green', simTimeS: 110, links: [0], detail: 'link 0 green 4 s < 5 s' });
  });

  it('flags a short yellow, and a green ended without yellow', () => {
    expect(run(new ConflictMonitor(card), [['rrG', 1], ['rry', 2], ['rrr', 2]])[0]).toMatchObject({ kind: 'short-yellow', links: [2], detail: 'link 2 yellow 2 s < 3 s' });
    expect(run(new ConflictMonitor(card), [['rrG', 1], ['rrG', 9], ['rrr', 2]])[0]).toMatchObject({ kind: 'short-yellow', links: [2], detail: 'link 2 green to red without yellow' });
  });

  it('flags a green that starts before the conflicting links cleared (all-red cut, or still yellow)', () => {
    expect(run(new ConflictMonitor(card), [['rrG', 1], ['rry', 3], ['rrr', 1], ['GGr', 1]])[0]).toMatchObject({
      kind: 'short-all-red', simTimeS: 105, links: [2, 0], detail: 'link 0 green while conflicting link 2 red only 1 s < 2 s',
    });
    expect(run(new ConflictMonitor(card), [['rrG', 1], ['rry', 3], ['Gry', 1]])[0]).toMatchObject({ kind: 'short-all-red', links: [2, 0], detail: 'link 0 green while conflicting link 2 still yellow' });
  });

  it('allows an operator flash entered after the clearance and left through red, and still latches on a real conflict after it', () => {
    const sut = new ConflictMonitor(card);
    const flash: [string, number][] = [['GGr', 10], ['yyr', 3], ['rrr', 2], ['ooo', 30], ['rrr', 2], ['rrG', 20], ['rry', 3], ['rrr', 2], ['GGr', 5]];
    expect(run(sut, flash)).toEqual([]);
    expect(sut.latchedBy).toBeUndefined();
    expect(sut.observe(200, 'GGG')).toEqual([expect.objectContaining({ kind: 'conflict', links: [0, 2] }), expect.objectContaining({ kind: 'conflict', links: [1, 2] })]);
    expect(sut.latchedBy).toMatchObject({ kind: 'conflict', simTimeS: 200 });
  });

  it('flags a flash that cuts a yellow, and a green straight out of flash without the red clearance', () => {
    expect(run(new ConflictMonitor(card), [['GGr', 10], ['yyr', 1], ['ooo', 5]])[0]).toMatchObject({ kind: 'short-yellow', links: [0] });
    expect(run(new ConflictMonitor(card), [['GGr', 10], ['yyr', 3], ['rrr', 2], ['ooo', 5], ['rrr', 1], ['rrG', 5]])[0]).toMatchObject({ kind: 'short-all-red' });
    expect(run(new ConflictMonitor(card), [['GGr', 10], ['yyr', 3], ['rrr', 2], ['ooo', 5], ['ooG', 5]])[0]).toMatchObject({ kind: 'short-all-red', detail: 'link 2 green while conflicting link 0 still flashing' });
  });
});
