/** Typed domain errors of the cluster capability; the REST layer maps them to HTTP answers. */

/** Another instance owns the junction now: only its owner sends plans and commands to it (→ 409; ask the owner). */
export class NotJunctionOwnerError extends Error {
  constructor(
    readonly intersectionId: string,
    readonly instanceId: string,
  ) {
    super(`instance ${JSON.stringify(instanceId)} does not own intersection ${JSON.stringify(intersectionId)}; its owner sends its plans and commands`);
    this.name = 'NotJunctionOwnerError';
  }
}
