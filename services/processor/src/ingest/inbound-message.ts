/** One raw MQTT message as it left the broker connection, before any validation. */
export interface InboundMessage {
  topic: string;
  payload: Buffer;
  /** Centre clock at arrival, epoch ms. */
  receivedAt: number;
}
