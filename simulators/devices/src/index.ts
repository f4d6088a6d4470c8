export const FLEET_PLACEHOLDER = true;
