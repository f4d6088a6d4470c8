import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertsView } from './alerts/alerts-view';
import { selectionForPlace } from './alerts/alert-place';
import { useLiveCacheSync } from './api/live-cache-hooks';
import type { Alert } from './api/types';
import { AuthGate } from './auth/auth-gate';
import { AuthProvider } from './auth/auth-context';
import { HeaderBar } from './header/header-bar';
import type { AppView } from './header/view-switch';
import { useNetwork } from './hooks';
import { IndicatorsView } from './kpi/indicators-view';
import { LiveStoreContext, useLiveFeed } from './live/live-hooks';
import { LiveStore } from './live/live-store';
import { useLiveLinks } from './map/link-live-hooks';
import { NetworkMap } from './map/network-map';
import { sameSelection, type Selection } from './network/selection';
import { SidePanel } from './panel/side-panel';
import { ReplayBar } from './replay/replay-bar';
import { ReplaySessionContext } from './replay/replay-context';
import { useReplay } from './replay/replay-hooks';

/** The login gate around the control room: nothing below it renders (or fetches) until someone is signed in. */
export function App() {
  return (
    <AuthProvider>
      <AuthGate>
        <ControlRoom />
      </AuthGate>
    </AuthProvider>
  );
}

function ControlRoom() {
  const { t } = useTranslation();
  const [store] = useState(() => new LiveStore());
  useEffect(() => () => store.dispose(), [store]);
  const connection = useLiveFeed(store);
  useLiveCacheSync(store);
  const [view, setView] = useState<AppView>('map');
  const { network, retry } = useNetwork();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ selection: Selection; seq: number } | null>(null);

  const select = useCallback((next: Selection, options?: { focus: boolean }) => {
    setSelection((current) => (sameSelection(current, next) ? current : next));
    if (options?.focus) setFocusRequest((previous) => ({ selection: next, seq: (previous?.seq ?? 0) + 1 }));
  }, []);
  const close = useCallback(() => setSelection(null), []);
  const readyNetwork = network.state === 'ready' ? network.network : null;
  // Replay swaps in its own stores: the map and panels read them exactly as they read live (src/replay).
  const liveLinks = useLiveLinks(store);
  const replay = useReplay(readyNetwork);
  const replaySession = replay.replay.state === 'ready' ? replay.replay.session : null;
  const showAlertOnMap = useCallback(
    (alert: Alert) => {
      const target = readyNetwork && selectionForPlace(alert.place, readyNetwork);
      if (!target) return;
      setView('map');
      select(target, { focus: true });
    },
    [readyNetwork, select],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <LiveStoreContext.Provider value={replaySession?.store ?? store}>
      <ReplaySessionContext.Provider value={replaySession}>
        <div className={replaySession ? 'app app--replay' : 'app'}>
          <HeaderBar connection={connection} intersectionCount={network.state === 'ready' ? network.network.intersections.size : null} view={view} onViewChange={setView} replaying={replaySession !== null} />
          {network.state === 'ready' && view === 'map' && <ReplayBar control={replay} />}
          {view === 'alerts' && replaySession && (
            <p className="notice notice--warn" role="status" data-testid="alerts-live-notice">
              {t('replay.alertsLive')}
            </p>
          )}
          {view === 'alerts' && <AlertsView network={readyNetwork} onShowOnMap={showAlertOnMap} />}
          {view === 'indicators' && <IndicatorsView network={readyNetwork} />}
          {/* The map stays mounted while another view is open: re-creating it would cost seconds and its state. */}
          <main className="workspace" hidden={view !== 'map'}>
            {network.state === 'ready' && (
              <>
                <NetworkMap network={network.network} links={replaySession?.links ?? liveLinks} selection={selection} onSelect={select} focusRequest={focusRequest} />
                <SidePanel network={network.network} selection={selection} onSelect={select} onClose={close} />
              </>
            )}
            {network.state === 'loading' && (
              <p className="workspace__message" role="status">
                {t('app.loadingNetwork')}
              </p>
            )}
            {network.state === 'error' && (
              <div className="workspace__message" role="alert">
                <p>{t('app.networkError', { message: network.message })}</p>
                <button type="button" className="button" onClick={retry}>
                  {t('app.retry')}
                </button>
              </div>
            )}
          </main>
        </div>
      </ReplaySessionContext.Provider>
    </LiveStoreContext.Provider>
  );
}
