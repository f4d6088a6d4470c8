/** `@arterial/contracts/api/v1`: every REST request and response under `/api`, error bodies included. */
export {};
