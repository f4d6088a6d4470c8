/** The embedded broker's inbound WAL, shared by the broker (appends, replay) and the checkpointer; null without one. */
export const INBOUND_WAL = Symbol('INBOUND_WAL');
