/**
 * The replay bar under the header: in live mode a button to pick a range of recorded history; while replaying a
 * loud REPLAY badge, play/pause, speed (1×–3,600×), a time slider, the way back to live, and a notice while the link
 * colours are derived in the browser because no estimates were stored for that time.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReplaySourceList } from '@arterial/contracts/api/v1';
import { useState } from 'react';
import { getJson } from '../api/api-client';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../i18n/format';
import type { ReplayControl } from './replay-hooks';
import { useReplayPosition } from './replay-hooks';
import { REPLAY_SPEEDS, type ReplaySession } from './replay-session';

/** `YYYY-MM-DDTHH:mm` in local time, the value format of `<input type="datetime-local">`. */
function localInputValue(epochMs: number): string {
  const d = new Date(epochMs - new Date(epochMs).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function ReplayBar({ control }: { control: ReplayControl }) {
  const { t } = useTranslation();
  const { replay } = control;
  if (replay.state === 'ready') return <ReplayPlayer session={replay.session} onExit={control.stop} />;
  return (
    <div className="replay-bar" data-testid="replay-bar" data-state={replay.state}>
      {replay.state === 'loading' && (
        <p role="status" data-testid="replay-loading">
          {t('replay.loading', { done: replay.done, total: replay.total })}
        </p>
      )}
      {replay.state === 'error' && (
        <p role="alert">
          {t('replay.error', { message: replay.message })}{' '}
          <button type="button" className="button" onClick={control.stop}>
            {t('replay.close')}
          </button>
        </p>
      )}
      {replay.state === 'idle' && <RangePicker onStart={control.start} />}
    </div>
  );
}

/** Replay runs the processor lists, asked for only while the range picker is open. */
function useReplaySources(enabled: boolean): readonly string[] {
  const { data } = useQuery({
    queryKey: ['replay', 'sources'],
    queryFn: ({ signal }) => getJson<ReplaySourceList>('/api/replay-sources', signal),
    enabled,
  });
  return data?.sources ?? [];
}

function RangePicker({ onStart }: { onStart: ReplayControl['start'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const sources = useReplaySources(open);
  const [source, setSource] = useState('');
  const [range, setRange] = useState(() => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    return { from: localInputValue(now - 3_600_000), to: localInputValue(now) };
  });
  if (!open) {
    return (
      <button type="button" className="button" data-testid="replay-open" onClick={() => setOpen(true)}>
        {t('replay.open')}
      </button>
    );
  }
  const fromMs = new Date(range.from).getTime();
  const toMs = new Date(range.to).getTime();
  const valid = Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs;
  return (
    <form
      className="replay-range"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onStart(fromMs, toMs, sources.includes(source) ? source : null);
      }}
    >
      <label>
        {t('replay.from')}
        <input type="datetime-local" data-testid="replay-from" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
      </label>
      <label>
        {t('replay.to')}
        <input type="datetime-local" data-testid="replay-to" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
      </label>
      <label>
        {t('replay.source')}
        <select data-testid="replay-source" value={sources.includes(source) ? source : ''} onChange={(e) => setSource(e.target.value)}>
          <option value="">{t('replay.sourceRecorded')}</option>
          {sources.map((name) => (
            <option key={name} value={name}>
              {t('replay.sourceRun', { name })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" data-testid="replay-load" disabled={!valid}>
        {t('replay.load')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('replay.cancel')}
      </button>
      {!valid && <span className="replay-range__error">{t('replay.badRange')}</span>}
    </form>
  );
}

function ReplayPlayer({ session, onExit }: { session: ReplaySession; onExit: () => void }) {
  const { t, i18n } = useTranslation();
  const position = useReplayPosition(session);
  const { fromMs, toMs, stepS } = session.history;
  return (
    <div className="replay-bar replay-bar--active" data-testid="replay-bar" data-state="ready" role="region" aria-label={t('replay.region')}>
      <strong className="replay-badge" data-testid="replay-badge">
        {t('replay.badge')}
      </strong>
      {session.history.source !== null && (
        <span className="replay-source" data-testid="replay-run">
          {t('replay.sourceRun', { name: session.history.source })}
        </span>
      )}
      <button
        type="button"
        className="button"
        data-testid="replay-play"
        aria-pressed={position.playing}
        onClick={() => (position.playing ? session.pause() : session.play())}
      >
        {position.playing ? t('replay.pause') : t('replay.play')}
      </button>
      <label className="replay-speed">
        {t('replay.speed')}
        <select data-testid="replay-speed" value={position.speed} onChange={(e) => session.setSpeed(Number(e.target.value))}>
          {REPLAY_SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {t('replay.speedValue', { speed: formatNumber(speed, i18n.language) })}
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        className="replay-slider"
        data-testid="replay-slider"
        aria-label={t('replay.time')}
        aria-valuetext={formatDateTime(position.atMs, i18n.language, true)}
        min={fromMs}
        max={toMs}
        step={stepS * 1000}
        value={position.atMs}
        onChange={(e) => session.seek(Number(e.target.value))}
      />
      <time className="replay-time" data-testid="replay-time" dateTime={new Date(position.atMs).toISOString()}>
        {formatDateTime(position.atMs, i18n.language, true)}
      </time>
      <button type="button" className="button" data-testid="replay-exit" onClick={onExit}>
        {t('replay.backToLive')}
      </button>
      {position.linkSource === 'derived' && (
        <p className="replay-notice" role="status" data-testid="replay-derived">
          {t('replay.derivedLinks')}
        </p>
      )}
    </div>
  );
}
