import { InfluxV1HttpWriter } from './influx-v1-http.writer';
import { InfluxV2Writer } from './influx-v2.writer';
import { classifyHttpStatus } from './influx-writer';
import { startFakeInflux } from './fake-influx-http.spec-helper';

describe('InfluxDB writers', () => {
  let status = 204;
  let body = '';
  let fake: Awaited<ReturnType<typeof startFakeInflux>>;

  beforeEach(async () => {
    status = 204;
    body = '';
    fake = await startFakeInflux(() => ({ status, body }));
  });

  afterEach(async () => {
    await fake.close();
  });

  it('classifies answers: 2xx ok, bad data permanent, outages, auth and missing database transient', () => {
    expect(classifyHttpStatus(204, '')).toEqual({ ok: true });
    expect(classifyHttpStatus(400, 'partial write: field type conflict')).toEqual(expect.objectContaining({ ok: false, permanent: true }));
    expect(classifyHttpStatus(422, 'unprocessable')).toEqual(expect.objectContaining({ permanent: true }));
    for (const transient of [401, 403, 404, 408, 429, 500, 503]) expect(classifyHttpStatus(transient, '')).toEqual(expect.objectContaining({ permanent: false }));
  });

  it(`${InfluxV1HttpWriter.name} posts line protocol to /write with db, rp, ms precision and a token`, async () => {
    const sut = new InfluxV1HttpWriter({ url: `${fake.url}/`, db: 'arterial', rp: 'raw', auth: { token: 'secret' } });

    const ok = await sut.write(['m v=1i 1', 'm v=2i 2']);
    status = 400;
    body = '{"error":"partial write: field type conflict"}';
    const refused = await sut.write(['m v="x" 3']);

    expect(ok).toEqual({ ok: true });
    expect(refused).toEqual(expect.objectContaining({ ok: false, permanent: true, status: 400 }));
    expect(fake.requests[0]).toEqual(
      expect.objectContaining({ method: 'POST', url: '/write?db=arterial&precision=ms&rp=raw', body: 'm v=1i 1\nm v=2i 2', headers: expect.objectContaining({ authorization: 'Token secret' }) }),
    );
  });

  it(`${InfluxV1HttpWriter.name} uses basic auth and reports an unreachable server as transient`, async () => {
    const sut = new InfluxV1HttpWriter({ url: fake.url, db: 'arterial', auth: { username: 'u', password: 'p' } });
    await sut.write(['m v=1i 1']);
    await fake.close();

    const down = await sut.write(['m v=1i 1']);

    expect(fake.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(down).toEqual(expect.objectContaining({ ok: false, permanent: false }));
    fake = await startFakeInflux(() => ({ status }));
  });

  it(`${InfluxV2Writer.name} writes through the client to /api/v2/write with org, bucket and ms precision, once per batch`, async () => {
    const sut = new InfluxV2Writer({ url: fake.url, token: 'tok', org: 'city', bucket: 'traffic' });

    const ok = await sut.write(['m v=1i 1', 'm v=2i 2']);
    status = 503;
    const unavailable = await sut.write(['m v=3i 3']);
    status = 422;
    body = '{"code":"invalid","message":"field type conflict"}';
    const refused = await sut.write(['m v="x" 4']);
    await sut.close();

    expect(ok).toEqual({ ok: true });
    expect(unavailable).toEqual(expect.objectContaining({ ok: false, permanent: false, status: 503 }));
    expect(refused).toEqual(expect.objectContaining({ ok: false, permanent: true, status: 422 }));
    expect(fake.requests).toHaveLength(3); // no retries inside the client: retrying is the batcher's job
    expect(fake.requests[0]).toEqual(
      expect.objectContaining({ url: '/api/v2/write?org=city&bucket=traffic&precision=ms', body: 'm v=1i 1\nm v=2i 2', headers: expect.objectContaining({ authorization: 'Token tok' }) }),
    );
  });
});
