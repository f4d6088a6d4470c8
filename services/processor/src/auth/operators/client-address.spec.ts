import { clientAddress, normaliseAddress } from './client-address';

describe('clientAddress', () => {
  const proxies = new Set(['10.0.0.2', '10.0.0.3']);

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.9', new Set())).toBe('198.51.100.7');
  });

  it('is the socket peer when the peer is not a trusted proxy (a client forging the header)', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.9', proxies)).toBe('198.51.100.7');
  });

  it('is the right-most untrusted hop behind trusted proxies, ignoring what the client wrote to its left', () => {
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', ['1.2.3.4', '203.0.113.9'], proxies)).toBe('203.0.113.9');
  });

  it('is the trusted peer itself without the header, and the left-most hop when every hop is trusted', () => {
    expect(clientAddress('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '10.0.0.3', proxies)).toBe('10.0.0.3');
  });

  it('treats an IPv4-mapped IPv6 peer as its IPv4 address', () => {
    expect(normaliseAddress('::ffff:10.0.0.2')).toBe('10.0.0.2');
    expect(normaliseAddress('::1')).toBe('::1');
    expect(clientAddress('::ffff:10.0.0.2', '203.0.113.9', proxies)).toBe('203.0.113.9');
  });

  it('is null without a peer (a destroyed socket)', () => {
    expect(clientAddress(undefined, '203.0.113.9', proxies)).toBeNull();
  });
});
