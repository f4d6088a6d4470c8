/** @arterial/device-kit: what every emulated device shares (traffic simulator, device fleet, SUMO bridge). */
export {};
