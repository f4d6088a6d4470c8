import { controllerClockOf } from './controller-clock';
import { epochMappingOf } from './run-window';

describe(controllerClockOf.name, () => {
  const epoch = epochMappingOf({ beginS: 25200, endS: 28800 }, 0, 1_800_000_000_000);
  const run = { beginS: 25200, epochMsOf: epoch.epochMsOf };

  it('wall: the wall clock, whatever the simulation does', () => {
    let wall = 5;
    const sut = controllerClockOf('wall', run, () => wall);
    sut.atStep(28000);
    wall = 7;
    expect(sut.nowMs()).toBe(7);
  });

  it("simulation: the run's epoch time of the last simulated second, from the begin", () => {
    const sut = controllerClockOf('simulation', run, () => 42);
    expect(sut.nowMs()).toBe(1_800_000_000_000);
    sut.atStep(25201);
    expect(sut.nowMs()).toBe(1_800_000_001_000);
    sut.atStep(28800);
    expect(sut.nowMs()).toBe(1_800_000_000_000 + 3_600_000);
  });
});
