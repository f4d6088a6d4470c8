/**
 * Runs fuzz sessions from several concurrent workers until the case budget is spent. Sessions are numbered;
 * each one's bytes depend only on (seed, number), so scheduling changes the interleaving, never the input.
 */
import { runRawSession, type SessionOutcome } from './raw-session';
import { planSession, type SessionKind } from './session-plan';
import type { CaseKind } from './packet-cases';

export interface CampaignOptions {
  port: number;
  seed: number;
  /** Stop starting sessions once this many cases reached a live connection. */
  cases: number;
  /** Sessions in flight at once. */
  workers: number;
  /** The clock the generated payloads are timed against. */
  nowMs: () => number;
  waitMs?: number;
  tailWaitMs?: number;
  /** Runs only these session numbers (to replay a failure); default: 0, 1, 2, … until the budget is spent. */
  only?: readonly number[];
  /** Filled with the sessions in flight, so a fault can name its suspects. */
  inFlight?: Set<number>;
  /** Starts no more sessions once aborted (the target crashed: no case would reach it any more). */
  signal?: AbortSignal;
}

export interface CampaignReport {
  seed: number;
  sessions: number;
  /** Cases written to a socket. */
  cases: number;
  /**
   * Cases the broker provably read: a head it answered the probe after, and tails written to a connection
   * it had kept up to then. The rest of a head that ended in a close was discarded by the broker unread.
   */
  casesDelivered: number;
  casesByKind: Partial<Record<CaseKind, number>>;
  sessionsByKind: Partial<Record<SessionKind, number>>;
  /** How the broker ended each socket: kept it (alive), closed it, or left it waiting (timeout). */
  outcomes: Partial<Record<SessionOutcome, number>>;
  elapsedMs: number;
}

const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const report: CampaignReport = { seed: options.seed, sessions: 0, cases: 0, casesDelivered: 0, casesByKind: {}, sessionsByKind: {}, outcomes: {}, elapsedMs: 0 };
  const started = Date.now();
  let next = 0;
  const claim = (): number | undefined => {
    if (options.signal?.aborted) return undefined;
    if (options.only) return next < options.only.length ? options.only[next++] : undefined;
    return report.casesDelivered < options.cases ? next++ : undefined;
  };

  const worker = async () => {
    for (let session = claim(); session !== undefined; session = claim()) {
      const plan = planSession(options.seed, session, options.nowMs());
      for (const [kind, count] of Object.entries(plan.cases) as [CaseKind, number][]) {
        bump(report.casesByKind, kind, count);
        report.cases += count;
      }
      bump(report.sessionsByKind, plan.kind);
      report.sessions += 1;
      options.inFlight?.add(session);
      const results = await Promise.all(
        plan.sockets.map((socket) => runRawSession({ port: options.port, ...socket, waitMs: options.waitMs ?? 2000, tailWaitMs: options.tailWaitMs ?? 100 })),
      );
      options.inFlight?.delete(session);
      results.forEach((result, i) => {
        const socket = plan.sockets[i]!;
        bump(report.outcomes, result.tail ?? result.head);
        if (result.head === 'alive') report.casesDelivered += socket.headCases + socket.tail.length;
        // A lone CONNECT the broker answered by closing was read: the close is its answer.
        else if (result.head === 'closed' && socket.head.length === 1 && socket.headCases === 1) report.casesDelivered += 1;
      });
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  report.elapsedMs = Date.now() - started;
  return report;
}
