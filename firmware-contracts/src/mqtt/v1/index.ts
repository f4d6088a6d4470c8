/** `@arterial/contracts/mqtt/v1`: MQTT contract version 1 (frozen): payload schemas, topic grammar and validators. */
export * from './schemas';
export * from './topics';
export * from './validators';
