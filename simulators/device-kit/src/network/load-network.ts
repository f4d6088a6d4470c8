/** Reads a network model file and checks it with the contract's parser (schema, then referential integrity). */
import { readFile } from 'node:fs/promises';
import { parseNetworkModel, type NetworkModel } from '@arterial/contracts/network';

export async function loadNetworkFile(file: string): Promise<NetworkModel> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`network file ${file} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parseNetworkModel(value);
  } catch (err) {
    throw new Error(`network file ${file}: ${(err as Error).message}`);
  }
}
