import { hasSemiSpaceSize } from './young-generation';

describe(hasSemiSpaceSize.name, () => {
  it('is false for a plain start, so the CLI relaunches itself once', () => {
    expect(hasSemiSpaceSize([], {})).toBe(false);
    expect(hasSemiSpaceSize(['--enable-source-maps'], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBe(false);
  });

  it('is true when the size is given as a node option, in NODE_OPTIONS, or after the relaunch', () => {
    expect(hasSemiSpaceSize(['--max-semi-space-size=128'], {})).toBe(true);
    expect(hasSemiSpaceSize([], { NODE_OPTIONS: '--inspect --max-semi-space-size=32' })).toBe(true);
    expect(hasSemiSpaceSize([], { ARTERIAL_REPLAY_RELAUNCHED: '1' })).toBe(true);
  });
});
