/**
 * Serialises payloads whose shape is fixed per device: the static JSON around the varying fields is
 * built once from a complete, contract-typed payload, so each message costs a few string concatenations
 * instead of a JSON.stringify of the whole object.
 */

const sentinel = (i: number): string => `\u0000fleet-slot-${i}\u0000`;

export class JsonTemplate<T extends object, V extends keyof T & string> {
  private readonly parts: string[];

  /**
   * @param base a complete payload of the contract type; its key order is the output's key order
   * @param varying the fields render() fills in; each must be present in `base`
   */
  constructor(
    base: T,
    private readonly varying: readonly V[],
  ) {
    const withSlots: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    varying.forEach((key, i) => {
      if (!(key in base)) throw new Error(`JsonTemplate: varying field ${key} is missing from the base payload`);
      withSlots[key] = sentinel(i);
    });
    let json = JSON.stringify(withSlots);
    this.parts = [];
    varying.forEach((_key, i) => {
      const slot = JSON.stringify(sentinel(i));
      const at = json.indexOf(slot);
      this.parts.push(json.slice(0, at));
      json = json.slice(at + slot.length);
    });
    this.parts.push(json);
  }

  render(values: Pick<T, V>): string {
    let out = this.parts[0] as string;
    for (let i = 0; i < this.varying.length; i += 1) {
      const value = values[this.varying[i] as V];
      out += (typeof value === 'number' ? String(value) : JSON.stringify(value)) + (this.parts[i + 1] as string);
    }
    return out;
  }
}
