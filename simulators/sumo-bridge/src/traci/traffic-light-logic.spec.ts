import { TraciReader } from './traci-codec';
import { TYPE } from './traci-constants';
import { readLogics, type TlsLogic, writeLogic } from './traffic-light-logic';

const logic: TlsLogic = {
  programId: 'p',
  type: 0,
  currentPhaseIndex: 1,
  phases: [
    { durationS: 30, state: 'Gr', minDurS: 30, maxDurS: 30, next: [], name: '' },
    { durationS: 3, state: 'yr', minDurS: 3, maxDurS: 3, next: [0], name: 'amber' },
  ],
  subParameters: { k: 'v' },
};

describe('traffic light logic codec', () => {
  it('writes the compound SUMO expects: 5 items, then typed id, type, index and the phases', () => {
    const sut = writeLogic(logic);
    expect([...sut.subarray(0, 5)]).toEqual([TYPE.COMPOUND, 0, 0, 0, 5]);
    expect([...sut.subarray(5, 11)]).toEqual([TYPE.STRING, 0, 0, 0, 1, 0x70]);
    expect([...sut.subarray(11, 21)]).toEqual([TYPE.INTEGER, 0, 0, 0, 0, TYPE.INTEGER, 0, 0, 0, 1]);
    expect([...sut.subarray(21, 26)]).toEqual([TYPE.COMPOUND, 0, 0, 0, 2]);
    expect([...sut.subarray(26, 31)]).toEqual([TYPE.COMPOUND, 0, 0, 0, 6]);
  });

  it('reads back what it writes when prefixed with the logic count (the get response shape)', () => {
    const count = Buffer.from([0, 0, 0, 1]);
    const sut = readLogics(new TraciReader(Buffer.concat([count, writeLogic(logic)])));
    expect(sut).toEqual([logic]);
  });
});
