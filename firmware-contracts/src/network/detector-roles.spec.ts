import { isPresenceLoop, PRESENCE_LOOP_DISTANCE_M } from './detector-roles';

describe(isPresenceLoop.name, () => {
  it('takes loops 15–30 m before the stop line, bounds included, as presence loops', () => {
    expect([3, 14.9, PRESENCE_LOOP_DISTANCE_M.minM, 22.5, PRESENCE_LOOP_DISTANCE_M.maxM, 30.1, 60].map(isPresenceLoop)).toEqual([false, false, true, true, true, false, false]);
  });
});
