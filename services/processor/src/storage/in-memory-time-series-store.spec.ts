import { InMemoryTimeSeriesStore } from './in-memory-time-series-store';
import { timeSeriesStoreSuite } from './time-series-store.suite';

timeSeriesStoreSuite(InMemoryTimeSeriesStore.name, async () => {
  const store = new InMemoryTimeSeriesStore();
  await store.init();
  return { store, dispose: () => store.close() };
});
