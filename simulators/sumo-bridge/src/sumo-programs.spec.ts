import { builtInProgramsXml } from './sumo-programs';

describe(builtInProgramsXml.name, () => {
  const sut = builtInProgramsXml;
  const logic = { id: 'C&1', programId: '0', phases: [{ durationS: 40, state: 'Gr' }, { durationS: 3, state: 'yr' }, { durationS: 20, state: 'rG' }, { durationS: 3, state: 'ry' }] };

  it('re-declares each light as the SUMO controller type, greens within the junction limits, change intervals fixed', () => {
    expect(sut([logic], 'sumo-actuated', 5)).toBe(`<additional>
  <tlLogic id="C&amp;1" type="actuated" programID="sumo-actuated" offset="0">
    <phase duration="40" state="Gr" minDur="5" maxDur="80"/>
    <phase duration="3" state="yr"/>
    <phase duration="20" state="rG" minDur="5" maxDur="60"/>
    <phase duration="3" state="ry"/>
  </tlLogic>
</additional>
`);
    expect(sut([logic], 'sumo-delay-based', 5)).toContain('type="delay_based" programID="sumo-delay-based"');
    expect(sut([logic], 'sumo-static', 5)).toContain('type="static" programID="sumo-static"');
  });

  it('keeps a program without greens as it is', () => {
    expect(sut([{ id: 'X', programId: '0', phases: [{ durationS: 1, state: 'oo' }] }], 'sumo-actuated', 5)).toContain('<phase duration="1" state="oo"/>');
  });
});
