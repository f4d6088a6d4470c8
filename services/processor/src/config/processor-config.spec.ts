import { loadConfig } from './processor-config';

describe('loadConfig: the estimation period', () => {
  it('leaves the period to the estimation module when unset', () => {
    expect(loadConfig({}).estimationPeriodMs).toBeUndefined();
  });

  it('reads ESTIMATION_PERIOD_S in seconds', () => {
    expect(loadConfig({ ESTIMATION_PERIOD_S: '10' }).estimationPeriodMs).toBe(10_000);
  });

  it.each(['0', '3601', '1.5', 'soon'])('refuses ESTIMATION_PERIOD_S=%s with a clear error', (value) => {
    expect(() => loadConfig({ ESTIMATION_PERIOD_S: value })).toThrow(/ESTIMATION_PERIOD_S/);
  });
});
