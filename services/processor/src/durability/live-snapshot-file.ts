/**
 * The live-state snapshot on disk: one JSON record per line (a header, then one line per detector, intersection,
 * status time and open alert, then a trailer with the counts), written in ~64 KB chunks to a temporary file,
 * fsynced and renamed into place. Line by line because a city's snapshot is megabytes (6.3 MB at 16,000 detectors):
 * as one `JSON.stringify` it cost that string and its UTF-8 copy on every write, every few seconds, at the moment the
 * processor may be busiest; written in chunks it costs one chunk.
 */
import * as fs from 'node:fs';
import type { Alert } from '@arterial/contracts/api/v1';
import type { LiveStateSnapshot } from '../state/live-state.service';

export interface LiveSnapshot extends LiveStateSnapshot {
  /** Centre clock when written, epoch ms. */
  at: number;
  openAlerts: Alert[];
}

const FORMAT_VERSION = 2;
const CHUNK_CHARS = 64 * 1024;

type Line =
  | { version: number; at: number }
  | { d: LiveSnapshot['detectors'][number] }
  | { i: LiveSnapshot['intersections'][number] }
  | { s: [string, number] }
  | { a: Alert }
  | { end: { detectors: number; intersections: number; statusTs: number; openAlerts: number } };

/** Writes `snapshot` durably to `file` (temporary file, fsync, rename); yields to the event loop between chunks. */
export async function writeLiveSnapshot(file: string, snapshot: LiveSnapshot): Promise<void> {
  const partial = `${file}.partial`;
  const handle = await fs.promises.open(partial, 'w');
  try {
    let chunk = '';
    const put = async (line: Line): Promise<void> => {
      chunk += `${JSON.stringify(line)}\n`;
      if (chunk.length < CHUNK_CHARS) return;
      await handle.write(chunk);
      chunk = '';
    };
    const statusTs = Object.entries(snapshot.statusTs);
    await put({ version: FORMAT_VERSION, at: snapshot.at });
    for (const d of snapshot.detectors) await put({ d });
    for (const i of snapshot.intersections) await put({ i });
    for (const s of statusTs) await put({ s });
    for (const a of snapshot.openAlerts) await put({ a });
    const end = { detectors: snapshot.detectors.length, intersections: snapshot.intersections.length, statusTs: statusTs.length, openAlerts: snapshot.openAlerts.length };
    await put({ end });
    if (chunk) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(partial, file);
}

/**
 * Reads a snapshot written by `writeLiveSnapshot`, or the single-JSON form (version 1) earlier releases wrote.
 * Throws on anything damaged or cut short (the trailer's counts must match), so a caller never restores half a picture.
 */
export function readLiveSnapshot(file: string): LiveSnapshot {
  const text = fs.readFileSync(file, 'utf8');
  if (text.startsWith('{"version":1,')) {
    const v1 = JSON.parse(text) as LiveSnapshot & { version: number };
    return { at: v1.at, detectors: v1.detectors, intersections: v1.intersections, statusTs: v1.statusTs, openAlerts: v1.openAlerts };
  }
  const snapshot: LiveSnapshot = { at: 0, detectors: [], intersections: [], statusTs: {}, openAlerts: [] };
  let header = false;
  let ended = false;
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    if (ended) throw new Error('data after the snapshot trailer');
    const line = JSON.parse(raw) as Partial<Record<'version' | 'at' | 'd' | 'i' | 's' | 'a' | 'end', unknown>>;
    if (!header) {
      if (line.version !== FORMAT_VERSION) throw new Error(`unknown snapshot version ${String(line.version)}`);
      snapshot.at = Number(line.at);
      header = true;
    } else if (line.d) snapshot.detectors.push(line.d as LiveSnapshot['detectors'][number]);
    else if (line.i) snapshot.intersections.push(line.i as LiveSnapshot['intersections'][number]);
    else if (line.s) {
      const [id, ts] = line.s as [string, number];
      snapshot.statusTs[id] = ts;
    } else if (line.a) snapshot.openAlerts.push(line.a as Alert);
    else if (line.end) {
      const want = line.end as Record<string, number>;
      const got: Record<string, number> = { detectors: snapshot.detectors.length, intersections: snapshot.intersections.length, statusTs: Object.keys(snapshot.statusTs).length, openAlerts: snapshot.openAlerts.length };
      for (const key of Object.keys(got)) if (want[key] !== got[key]) throw new Error(`snapshot cut short: ${key} ${got[key]} of ${want[key]}`);
      ended = true;
    } else throw new Error(`unknown snapshot line: ${raw.slice(0, 80)}`);
  }
  if (!ended) throw new Error('snapshot cut short: no trailer');
  return snapshot;
}
