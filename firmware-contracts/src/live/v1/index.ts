/** `@arterial/contracts/live/v1`: every message of the WebSocket live feed at `/ws`. */
export * from './live.schema';
export * from './estimates-live.schema';
export * from './alerts-live.schema';
export * from './predictions-live.schema';
export * from './control-live.schema';
