import { summariseTripinfo } from './tripinfo-summary';
import { xmlElements } from './xml-elements';

describe('summariseTripinfo', () => {
  it('averages time loss, waiting time and duration and scales throughput to an hour', () => {
    const xml = `<?xml version="1.0"?><!-- c --><tripinfos>
      <tripinfo id="a" duration="100.00" waitingTime="10.00" timeLoss="20.00"/>
      <tripinfo id="b" duration="50.00" waitingTime="0.00" timeLoss="10.00"></tripinfo>
    </tripinfos>`;
    expect(summariseTripinfo(xml, 1800)).toEqual({ trips: 2, meanTimeLossS: 15, meanWaitingTimeS: 5, meanDurationS: 75, totalTimeLossS: 30, throughputVph: 4 });
  });
  it('is all zeros for an empty run', () => {
    expect(summariseTripinfo('', 0)).toMatchObject({ trips: 0, meanTimeLossS: 0, throughputVph: 0 });
  });
});

describe('xmlElements', () => {
  it('yields start tags with decoded attributes and their parent', () => {
    const sut = [...xmlElements(`<a x='1'><b y="&lt;&amp;"/><c/></a><d/>`)];
    expect(sut.map((e) => [e.name, e.parent])).toEqual([['a', ''], ['b', 'a'], ['c', 'a'], ['d', '']]);
    expect(sut[1]?.attrs).toEqual({ y: '<&' });
    expect(sut[1]?.parentAttrs).toEqual({ x: '1' });
  });
});
