/**
 * Junction ownership by leases in a private etcd (Debian's etcd-server): three instances partition the junctions
 * with no overlap; when one leaves, the others take its junctions over with higher epochs; a newcomer gets its share.
 */
import { EtcdJunctionOwnership, rendezvousOwner } from '@arterial/processor';
import { EtcdServer } from '../support/etcd-server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const JUNCTIONS = Array.from({ length: 60 }, (_, i) => `J${i}`);
const clock = { now: () => Date.now() };

describe('junction ownership in etcd', () => {
  let etcd: EtcdServer;
  const running: EtcdJunctionOwnership[] = [];

  beforeAll(async () => {
    etcd = new EtcdServer();
    await etcd.start();
  });

  afterAll(async () => {
    for (const o of running) await o.stop();
    await etcd?.dispose();
  });

  const join = async (instanceId: string): Promise<EtcdJunctionOwnership> => {
    const ownership = new EtcdJunctionOwnership({ etcdUrls: [etcd.url], instanceId, leaseTtlS: 3, junctionIds: () => JUNCTIONS, clock, prefix: 'test/ownership', reconcileMs: 200 });
    running.push(ownership);
    await ownership.start();
    return ownership;
  };
  const owners = (instances: EtcdJunctionOwnership[]) => JUNCTIONS.map((j) => instances.filter((o) => o.owns(j)).map((o) => o.status().instanceId));
  const settled = (instances: EtcdJunctionOwnership[], members: string[]) =>
    owners(instances).every((held, i) => held.length === 1 && held[0] === rendezvousOwner(JUNCTIONS[i]!, members));

  it('partitions by rendezvous hashing, hands over with a higher epoch, and never lets two instances own a junction', async () => {
    const [a, b, c] = [await join('a'), await join('b'), await join('c')];
    let overlap = false;
    const watch = setInterval(() => {
      if (owners([a, b, c]).some((held) => held.length > 1)) overlap = true;
    }, 20);
    try {
      await waitFor(() => settled([a, b, c], ['a', 'b', 'c']), { timeoutMs: 10_000, what: 'three-way partition' });
      for (const o of [a, b, c]) {
        expect(o.status()).toMatchObject({ mode: 'etcd', peers: ['a', 'b', 'c'], leaseAlive: true });
        expect(o.status().ownedJunctions).toBeGreaterThan(5);
      }
      const epochsBefore = new Map(JUNCTIONS.map((j) => [j, [a, b, c].map((o) => o.epochOf(j)).find((e) => e !== undefined)!]));

      await c.stop();
      running.splice(running.indexOf(c), 1);
      await waitFor(() => settled([a, b], ['a', 'b']), { timeoutMs: 10_000, what: 'c\'s junctions taken over' });
      for (const j of JUNCTIONS) {
        const epoch = [a, b].map((o) => o.epochOf(j)).find((e) => e !== undefined)!;
        if (rendezvousOwner(j, ['a', 'b', 'c']) === 'c') expect(epoch).toBeGreaterThan(epochsBefore.get(j)!);
        else expect(epoch).toBe(epochsBefore.get(j));
      }

      const d = await join('d');
      await waitFor(() => settled([a, b, d], ['a', 'b', 'd']), { timeoutMs: 10_000, what: 'd gets its share' });
      expect(overlap).toBe(false);
    } finally {
      clearInterval(watch);
    }
  });
});
