export const BRIDGE_PLACEHOLDER = true;
