import { DEAD_LETTER_EXCERPT_BYTES } from './dead-letter-excerpt';
import { encodePoint, toPoint, UniqueTimestamps } from './line-protocol';
import { deadLetter, kpi, measurement, signalState } from './time-series-store.suite';

describe('line protocol', () => {
  const ts = 1_700_000_000_000;

  it('encodes a measurement with integer and float fields, health as a field, ms timestamp', () => {
    const point = toPoint(measurement('det-1', ts, { seq: 4, volume: 3, occupancyPct: 12, speedKph: 48.5, intervalS: 10, health: 'degraded' }), new UniqueTimestamps());

    expect(point && encodePoint(point)).toBe(
      `detector_measurement,detectorId=det-1 volume=3i,occupancyPct=12,intervalS=10i,seq=4i,health="degraded",speedKph=48.5 ${ts}`,
    );
  });

  it('leaves speedKph out when the detector has none', () => {
    const point = toPoint(measurement('d', ts, { speedKph: undefined }), new UniqueTimestamps());

    expect(point && encodePoint(point)).not.toContain('speedKph');
  });

  it('encodes signal state with green phases as a string', () => {
    const point = toPoint(signalState('i_1', ts, { mode: 'adaptive', cycleS: 90, cycleSecond: 3 }), new UniqueTimestamps());

    expect(point && encodePoint(point)).toBe(`signal_state,intersectionId=i_1 mode="adaptive",planId="plan-a",cycleS=90i,cycleSecond=3,greenPhases="2,6",seq=1i ${ts}`);
  });

  it('escapes string fields and tag values', () => {
    const point = toPoint(deadLetter(ts, { detail: 'a "b" \\c, d=e', topic: 't/x y', payloadExcerpt: 'l1\nl2' }), new UniqueTimestamps());
    const line = point ? encodePoint({ ...point, tags: { reason: 'odd, tag=value x' } }) : '';

    expect(line).toBe(`dead_letter,reason=odd\\,\\ tag\\=value\\ x topic="t/x y",detail="a \\"b\\" \\\\c, d=e",payload="l1\\\\nl2",receivedAt=${ts}i ${ts}`);
  });

  it('gives dead letters with the same reason in the same millisecond distinct timestamps', () => {
    const stamps = new UniqueTimestamps();
    const a = toPoint(deadLetter(ts), stamps);
    const b = toPoint(deadLetter(ts), stamps);
    const c = toPoint(deadLetter(ts, { reason: 'bad-json' }), stamps);
    const later = toPoint(deadLetter(ts + 10), stamps);

    expect([a?.ts, b?.ts, c?.ts, later?.ts]).toEqual([ts, ts + 1, ts, ts + 10]);
    expect(b?.fields.receivedAt).toEqual({ type: 'int', value: ts });
  });

  it('holds a dead letter from any producer to the excerpt limit, cut between characters', () => {
    const point = toPoint(deadLetter(ts, { payloadExcerpt: `a${'漢'.repeat(DEAD_LETTER_EXCERPT_BYTES)}` }), new UniqueTimestamps());
    const payload = point?.fields.payload;

    // 1 + 170 × 3 = 511 bytes; the 171st character would end at byte 514.
    expect(payload).toEqual({ type: 'string', value: `a${'漢'.repeat(170)}` });
  });

  it('encodes KPIs with the area as the only tag, the level as a field and null figures left out', () => {
    const point = toPoint(kpi('north', ts, { meanSpeedKph: null, tti: null, index: 7.5, level: 'moderately-congested', detectorCompleteness: null, meanQualityScore: 64 }), new UniqueTimestamps());

    expect(point && encodePoint(point)).toBe(
      `kpi,area=north intervalS=60i,delayVehH=2,congestedLinkKm=1,linksGraded=10i,linksTotal=12i,detectors=40i,index=7.5,meanQualityScore=64,level="moderately-congested" ${ts}`,
    );
  });

  it('encodes detector quality with status, faults and warnings as fields', () => {
    const point = toPoint(
      { kind: 'detector-quality', ts, detectorId: 'd-1', quality: { status: 'bad', score: 0, completeness: 0.95, faults: ['dead', 'constant'], warnings: [], usedMeasurement: false } },
      new UniqueTimestamps(),
    );

    expect(point && encodePoint(point)).toBe(`detector_quality,detectorId=d-1 status="bad",score=0,completeness=0.95,faults="dead,constant",warnings="",usedMeasurement=false ${ts}`);
  });

  it('encodes predictions with place, target and horizon as tags, interval and model as fields', () => {
    const detector = toPoint({ kind: 'prediction', ts, place: { detectorId: 'd1' }, target: 'flowVph', horizonMin: 15, value: 600, lower: 420.5, upper: 780, model: 'ridge' }, new UniqueTimestamps());
    const link = toPoint({ kind: 'prediction', ts, place: { linkId: 'l1' }, target: 'speedKph', horizonMin: 60, value: 22, lower: 12, upper: 31, model: 'persistence' }, new UniqueTimestamps());

    expect(detector && encodePoint(detector)).toBe(`prediction,detectorId=d1,horizonMin=15,target=flowVph value=600,lower=420.5,upper=780,model="ridge" ${ts}`);
    expect(link && encodePoint(link)).toBe(`prediction,horizonMin=60,linkId=l1,target=speedKph value=22,lower=12,upper=31,model="persistence" ${ts}`);
  });

  it('refuses records with a non-finite timestamp', () => {
    expect(toPoint(measurement('d', Number.NaN), new UniqueTimestamps())).toBeNull();
  });
});
