/**
 * One replay: its own LiveStore and LinkLiveStore, fed with the recorded state (and controller status) at the replay time, so the map and
 * the panels read it through the same interfaces as live (the app swaps the stores while replaying). Playback moves
 * the replay time by speed × elapsed real time; the stores' contents change only when the time enters another
 * bucket, and in between the LiveStore's clock follows the replay time, so signal timing counts down as it did live.
 */
import { LinkLiveStore } from '../map/link-live-store';
import { LiveStore } from '../live/live-store';
import type { NetworkIndex } from '../network/network-index';
import { bucketAt, detectorsAt, linksAt, type ReplayHistory } from './replay-frame';
import { withStatusAt } from './replay-controllers';
import { intersectionsAt } from './replay-signals';
import { storedLinksAt } from './replay-stored-links';

export const REPLAY_SPEEDS = [1, 10, 60, 300, 900, 3600] as const;

/** Where the link colours of the bucket shown come from: the processor's stored estimates, or derived from detectors. */
export type ReplayLinkSource = 'stored' | 'derived';

export interface ReplayPosition {
  atMs: number;
  playing: boolean;
  speed: number;
  linkSource: ReplayLinkSource;
}

const NO_COUNTERS = { accepted: 0, rejected: 0, duplicates: 0 };
/** The store's clock moves with the replay time at most this often (real time), and by at least a replayed second. */
const CLOCK_UPDATE_MS = 200;

type Listener = (position: ReplayPosition) => void;

export class ReplaySession {
  readonly store = new LiveStore();
  readonly links = new LinkLiveStore();
  private atMs: number;
  private playing = false;
  private speed = 60;
  private bucket = -1;
  private linkSource: ReplayLinkSource = 'stored';
  private clockAt = -Infinity;
  private clockUpdatedAt = -Infinity;
  private frame: number | null = null;
  private lastFrameAt: number | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly history: ReplayHistory,
    private readonly network: NetworkIndex,
  ) {
    this.atMs = history.fromMs;
    this.show();
  }

  position(): ReplayPosition {
    return { atMs: this.atMs, playing: this.playing, speed: this.speed, linkSource: this.linkSource };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  seek(atMs: number): void {
    this.atMs = Math.min(this.history.toMs, Math.max(this.history.fromMs, atMs));
    this.show();
    this.notify();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.notify();
  }

  play(): void {
    if (this.playing) return;
    if (this.atMs >= this.history.toMs) this.atMs = this.history.fromMs;
    this.playing = true;
    this.lastFrameAt = null;
    this.frame = window.requestAnimationFrame(this.tick);
    this.notify();
  }

  pause(): void {
    this.playing = false;
    if (this.frame !== null) window.cancelAnimationFrame(this.frame);
    this.frame = null;
    this.notify();
  }

  dispose(): void {
    this.pause();
    this.listeners.clear();
    this.store.dispose();
    this.links.dispose();
  }

  private readonly tick = (now: number): void => {
    this.frame = null;
    if (!this.playing) return;
    const elapsedMs = this.lastFrameAt === null ? 0 : now - this.lastFrameAt;
    this.lastFrameAt = now;
    this.atMs = Math.min(this.history.toMs, this.atMs + elapsedMs * this.speed);
    this.show(now);
    if (this.atMs >= this.history.toMs) this.playing = false;
    else this.frame = window.requestAnimationFrame(this.tick);
    this.notify();
  };

  /**
   * Feeds the stores the bucket at the replay time, as a snapshot (what the live feed sends a new client); within a
   * bucket only the LiveStore's clock moves, with a counters message as the live feed's clock moves with each one.
   */
  private show(realNowMs?: number): void {
    const bucket = bucketAt(this.history, this.atMs);
    if (bucket === this.bucket) {
      const now = realNowMs ?? Infinity;
      if (Math.abs(this.atMs - this.clockAt) >= 1000 && now - this.clockUpdatedAt >= CLOCK_UPDATE_MS) {
        this.setClock(realNowMs);
        this.store.apply({ type: 'counters', serverTime: Math.round(this.atMs), counters: NO_COUNTERS });
      }
      return;
    }
    this.bucket = bucket;
    this.setClock(realNowMs);
    const detectors = detectorsAt(this.history, bucket);
    const bucketEnd = this.history.fromMs + (bucket + 1) * this.history.stepS * 1000;
    const intersections = withStatusAt(intersectionsAt(this.history.signals, bucket), this.history.statuses, bucket);
    this.store.apply({ type: 'snapshot', serverTime: Math.round(this.atMs), detectors, intersections, counters: NO_COUNTERS });
    const stored = storedLinksAt(this.history.storedLinks, bucket);
    this.linkSource = stored.length > 0 ? 'stored' : 'derived';
    this.links.replace(stored.length > 0 ? stored : linksAt(this.network, detectors), [], bucketEnd);
  }

  private setClock(realNowMs: number | undefined): void {
    this.clockAt = this.atMs;
    this.clockUpdatedAt = realNowMs ?? -Infinity;
  }

  private notify(): void {
    const position = this.position();
    for (const listener of [...this.listeners]) listener(position);
  }
}
