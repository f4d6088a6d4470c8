/** @arterial/contracts: the versioned MQTT contracts (v1 is current and frozen) and the network model format. */
export * as v1 from './v1';
export * from './v1';
export * from './network';
