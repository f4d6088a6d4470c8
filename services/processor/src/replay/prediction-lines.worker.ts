/**
 * Worker thread of `PredictionLineOffload`: turns batches of prediction fields into NDJSON lines and appends them to
 * the prediction file, in the order the batches were posted. Writing a number as its shortest text is most of the
 * cost of a prediction's line; here it runs on the second core, beside the replay.
 */
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { encodePredictionFields } from './record-line.encoder';
import { ENTRY_LINE, ENTRY_LINK, FIELDS_PER_ENTRY, NUMBERS_PER_ENTRY, type OffloadMessage } from './prediction-lines.protocol';

const BUFFER_BYTES = 1 << 20;
const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
let used = 0;
/** Ids, targets and model names, indexed as the main thread numbered them. */
const strings: string[] = [];

function drain(fd: number): void {
  let offset = 0;
  while (offset < used) offset += fs.writeSync(fd, buffer, offset, used - offset);
  used = 0;
}

function append(fd: number, line: string): void {
  const bytes = Buffer.byteLength(line, 'utf8');
  if (used + bytes + 1 > BUFFER_BYTES) drain(fd);
  if (bytes + 1 > BUFFER_BYTES) {
    fs.writeSync(fd, `${line}\n`);
    return;
  }
  used += buffer.write(line, used, bytes === line.length ? 'latin1' : 'utf8');
  buffer[used++] = 0x0a;
}

function encodeBatch(message: Extract<OffloadMessage, { type: 'batch' }>): void {
  strings.push(...message.strings);
  const { fd, fields, numbers, lines } = message;
  for (let e = 0; e < message.count; e++) {
    const f = e * FIELDS_PER_ENTRY;
    const entry = fields[f] as number;
    if (entry === ENTRY_LINE) {
      append(fd, lines[fields[f + 1] as number] as string);
      continue;
    }
    const x = e * NUMBERS_PER_ENTRY;
    const line = encodePredictionFields(
      entry === ENTRY_LINK ? 'linkId' : 'detectorId',
      strings[fields[f + 1] as number] as string,
      strings[fields[f + 2] as number] as string,
      strings[fields[f + 3] as number] as string,
      numbers[x] as number,
      numbers[x + 1] as number,
      numbers[x + 2] as number,
      numbers[x + 3] as number,
      numbers[x + 4] as number,
    );
    append(fd, line);
  }
}

parentPort?.on('message', (message: OffloadMessage) => {
  try {
    if (message.type === 'batch') encodeBatch(message);
    else {
      drain(message.fd);
      parentPort?.postMessage({ flushed: message.seq });
    }
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
});
