/**
 * Device ids from outside sources (SUMO loop and light ids, generated prefixes) checked with the contract's id
 * grammar, so a device whose id cannot appear in a topic is skipped with a note instead of failing at publish.
 */
import { isValidId } from '@arterial/contracts/mqtt/v1';

export { isValidId };

export interface IdPartition {
  valid: string[];
  /** Ids outside `[A-Za-z0-9_-]{1,64}`, in input order. */
  skipped: string[];
}

export function partitionDeviceIds(ids: Iterable<string>): IdPartition {
  const valid: string[] = [];
  const skipped: string[] = [];
  for (const id of ids) (isValidId(id) ? valid : skipped).push(id);
  return { valid, skipped };
}
