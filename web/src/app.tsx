import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HeaderBar } from './header/header-bar';
import { useNetwork } from './hooks';
import { LiveStoreContext, useLiveFeed } from './live/live-hooks';
import { LiveStore } from './live/live-store';
import { NetworkMap } from './map/network-map';
import { sameSelection, type Selection } from './network/selection';
import { SidePanel } from './panel/side-panel';

export function App() {
  const { t } = useTranslation();
  const [store] = useState(() => new LiveStore());
  useEffect(() => () => store.dispose(), [store]);
  const connection = useLiveFeed(store);
  const { network, retry } = useNetwork();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ selection: Selection; seq: number } | null>(null);

  const select = useCallback((next: Selection, options?: { focus: boolean }) => {
    setSelection((current) => (sameSelection(current, next) ? current : next));
    if (options?.focus) setFocusRequest((previous) => ({ selection: next, seq: (previous?.seq ?? 0) + 1 }));
  }, []);
  const close = useCallback(() => setSelection(null), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <LiveStoreContext.Provider value={store}>
      <div className="app">
        <HeaderBar connection={connection} intersectionCount={network.state === 'ready' ? network.network.intersections.size : null} />
        <main className="workspace">
          {network.state === 'ready' && (
            <>
              <NetworkMap network={network.network} selection={selection} onSelect={select} focusRequest={focusRequest} />
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
    </LiveStoreContext.Provider>
  );
}
