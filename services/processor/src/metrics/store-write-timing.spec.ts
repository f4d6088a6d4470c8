import type { InfluxWriter, WriteOutcome } from '../storage/influx-writer';
import { processMetricsRegistry } from './process-metrics';
import { STORE_WRITE_DURATION_METRIC, timedInfluxWriter } from './store-write-timing';

async function countOf(outcome: string): Promise<number> {
  const metric = await processMetricsRegistry().getSingleMetric(STORE_WRITE_DURATION_METRIC)?.get();
  // Histogram values carry the sample name (`…_count`) beside the labels; the typings leave it out.
  const values = (metric?.values ?? []) as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
  return values.find((v) => v.metricName === `${STORE_WRITE_DURATION_METRIC}_count` && v.labels.outcome === outcome)?.value ?? 0;
}

describe(timedInfluxWriter.name, () => {
  it('passes writes through and observes one duration per write, labelled by outcome', async () => {
    const outcomes: WriteOutcome[] = [{ ok: true }, { ok: false, permanent: false, message: 'HTTP 503' }, { ok: false, permanent: true, status: 400, message: 'HTTP 400' }];
    const written: string[][] = [];
    let closed = false;
    const inner: InfluxWriter = {
      write: (lines) => {
        written.push([...lines]);
        return Promise.resolve(outcomes[written.length - 1] ?? { ok: true });
      },
      close: () => {
        closed = true;
        return Promise.resolve();
      },
    };
    const before = { ok: await countOf('ok'), retry: await countOf('retry'), permanent: await countOf('permanent') };
    const sut = timedInfluxWriter(inner);
    expect(await sut.write(['a 1'])).toEqual(outcomes[0]);
    expect(await sut.write(['b 1'])).toEqual(outcomes[1]);
    expect(await sut.write(['c 1'])).toEqual(outcomes[2]);
    await sut.close();
    expect(written).toEqual([['a 1'], ['b 1'], ['c 1']]);
    expect(closed).toBe(true);
    expect({ ok: await countOf('ok'), retry: await countOf('retry'), permanent: await countOf('permanent') }).toEqual({ ok: before.ok + 1, retry: before.retry + 1, permanent: before.permanent + 1 });
  });
});
