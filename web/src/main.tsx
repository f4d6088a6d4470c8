import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/query-client';
import { App } from './app';
import { initI18n } from './i18n/i18n';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// One cache for the whole app: every view's server data and the live feed's alerts and KPIs.
const queryClient = createQueryClient();

void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
});
