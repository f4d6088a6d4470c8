/**
 * The address a request came from, for the audit and the login throttle. Behind a reverse proxy the socket's peer is
 * the proxy, so every operator would share one address (and one login limit); X-Forwarded-For names the client, but
 * anyone can send it. So it is read only when the peer is a proxy the operator listed (API_TRUSTED_PROXIES), and then
 * from the right: the first address that is not itself a trusted proxy is the client (the usual rule: entries to its
 * left were written by the client and prove nothing).
 */

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same IPv4 peer, as Node reports it on a dual-stack socket. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: ReadonlySet<string>): string | null {
  if (peer === undefined) return null;
  const socketPeer = normaliseAddress(peer);
  if (!trustedProxies.has(socketPeer) || forwardedFor === undefined) return socketPeer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(normaliseAddress)
    .filter((a) => a !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trustedProxies.has(hop)) return hop;
  }
  // Every hop a trusted proxy: the left-most is as close to the client as the chain says.
  return hops[0] ?? socketPeer;
}
