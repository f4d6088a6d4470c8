import { toCsv } from './csv';

describe(toCsv.name, () => {
  it('writes a header of field names, ISO times for ts and *At columns, blanks for null, and quotes what needs it', () => {
    const sut = toCsv(
      ['ts', 'areaId', 'meanSpeedKph', 'acknowledgedAt'],
      [
        [Date.UTC(2026, 10, 30, 0, 5), 'network', 41.5, null],
        [Date.UTC(2026, 10, 30, 0, 10), 'a "quoted", area', null, Date.UTC(2026, 10, 30, 0, 11)],
      ],
    );
    expect(sut.split('\r\n')).toEqual([
      'ts,areaId,meanSpeedKph,acknowledgedAt',
      '2026-11-30T00:05:00.000Z,network,41.5,',
      '2026-11-30T00:10:00.000Z,"a ""quoted"", area",,2026-11-30T00:11:00.000Z',
      '',
    ]);
  });
});
