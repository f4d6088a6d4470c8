/** @arterial/contracts: the versioned MQTT contracts (v1 is current and frozen), the network model format and the firmware test vectors. */
export * as v1 from './v1';
export * from './v1';
export * from './network';
export * from './vectors';
