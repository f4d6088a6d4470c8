/**
 * TraCI protocol constants used by the bridge, as defined by SUMO 1.15 (tools/traci/constants.py).
 * Only the subset the bridge needs; names follow SUMO's so they can be looked up in its docs.
 */
export const CMD = {
  GET_VERSION: 0x00,
  SIMULATION_STEP: 0x02,
  CLOSE: 0x7f,
  GET_INDUCTIONLOOP_VARIABLE: 0xa0,
  GET_TL_VARIABLE: 0xa2,
  GET_LANE_VARIABLE: 0xa3,
  GET_LANEAREA_VARIABLE: 0xad,
  GET_SIM_VARIABLE: 0xab,
  SET_TL_VARIABLE: 0xc2,
} as const;

/** A get command `0xaX` is answered by a response command `0xbX`. */
export const GET_RESPONSE_OFFSET = 0x10;

export const TYPE = {
  UBYTE: 0x07,
  BYTE: 0x08,
  INTEGER: 0x09,
  DOUBLE: 0x0b,
  STRING: 0x0c,
  STRING_LIST: 0x0e,
  COMPOUND: 0x0f,
} as const;

export const RESULT = { OK: 0x00, NOT_IMPLEMENTED: 0x01, ERR: 0xff } as const;

/** Variables shared by every domain. */
export const VAR = {
  ID_LIST: 0x00,
  ID_COUNT: 0x01,
  LANE_ID: 0x51,
  POSITION: 0x42,
  /** Lane length, m (lane domain). */
  LENGTH: 0x44,
  /** Lane speed limit, m/s (lane domain). */
  MAX_SPEED: 0x41,
} as const;

/** Induction loop (0xa0) and lane-area detector (0xad) variables. */
export const DETECTOR_VAR = {
  LAST_STEP_VEHICLE_NUMBER: 0x10,
  LAST_STEP_MEAN_SPEED: 0x11,
  LAST_STEP_VEHICLE_ID_LIST: 0x12,
  LAST_STEP_OCCUPANCY: 0x13,
  LAST_STEP_VEHICLE_HALTING_NUMBER: 0x14,
  JAM_LENGTH_METERS: 0x19,
} as const;

/** Traffic light variables: get uses CURRENT_*, set uses PHASE_INDEX / PROGRAM (SUMO's asymmetry). */
export const TL_VAR = {
  RED_YELLOW_GREEN_STATE: 0x20,
  PHASE_INDEX: 0x22,
  PROGRAM: 0x23,
  PHASE_DURATION: 0x24,
  CONTROLLED_LANES: 0x26,
  CURRENT_PHASE: 0x28,
  CURRENT_PROGRAM: 0x29,
  COMPLETE_DEFINITION_RYG: 0x2b,
  COMPLETE_PROGRAM_RYG: 0x2c,
  NEXT_SWITCH: 0x2d,
} as const;

export const SIM_VAR = {
  TIME: 0x66,
  ARRIVED_VEHICLES_NUMBER: 0x79,
  DEPARTED_VEHICLES_NUMBER: 0x73,
  MIN_EXPECTED_VEHICLES: 0x7d,
} as const;
