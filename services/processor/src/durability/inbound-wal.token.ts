/** The broker adapter's inbound WAL (embedded or external), shared by the broker (appends, replay) and the checkpointer; null without one. */
export const INBOUND_WAL = Symbol('INBOUND_WAL');
