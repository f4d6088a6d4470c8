import { backoffDelayMs, liveFeedProtocols, liveFeedUrl, parseServerMessage } from './live-feed';

describe('live feed helpers', () => {
  it('follows the page protocol so TLS in front of the processor works', () => {
    expect(liveFeedUrl({ protocol: 'https:', host: 'ops.example:443' })).toBe('wss://ops.example:443/ws');
    expect(liveFeedUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws');
  });

  it('doubles the reconnect delay up to the ceiling, with jitter between half and all of it', () => {
    expect([1, 2, 3, 10].map((a) => backoffDelayMs(a, 500, 15_000, () => 1))).toEqual([500, 1000, 2000, 15_000]);
    expect(backoffDelayMs(10, 500, 15_000, () => 0)).toBe(7500);
  });

  it('accepts the three server message kinds and drops anything else whole', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'delta', serverTime: 1, detectors: [], intersections: [] }))?.type).toBe('delta');
    expect(parseServerMessage(JSON.stringify({ type: 'counters', serverTime: 1, counters: { accepted: 1, rejected: 0, duplicates: 0 } }))?.type).toBe('counters');
    expect(parseServerMessage(JSON.stringify({ type: 'snapshot', serverTime: 1, detectors: [], intersections: [] }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: 'delta', serverTime: 1, detectors: {} , intersections: [] }))).toBeNull();
    expect(parseServerMessage('{not json')).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: 'other', serverTime: 1 }))).toBeNull();
  });

  it('accepts control and override messages with their lists, and nothing without them', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'control', serverTime: 1, events: [] }))?.type).toBe('control');
    expect(parseServerMessage(JSON.stringify({ type: 'overrides', serverTime: 1, overrides: [] }))?.type).toBe('overrides');
    expect(parseServerMessage(JSON.stringify({ type: 'overrides', serverTime: 1, overrides: {} }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: 'control', serverTime: 1 }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: 'toString', serverTime: 1 }))).toBeNull();
  });

  it('offers the token as a subprotocol beside the feed protocol, and nothing without a token', () => {
    expect(liveFeedProtocols('abc.def')).toEqual(['arterial.live.v1', 'bearer.abc.def']);
    expect(liveFeedProtocols(null)).toEqual([]);
  });
});
