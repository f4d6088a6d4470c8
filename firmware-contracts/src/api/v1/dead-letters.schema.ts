/** `GET /api/dead-letters`. */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { EpochMs, QueryTime } from './common.schema';

export const DEFAULT_DEAD_LETTER_LIMIT = 100;
export const MAX_DEAD_LETTER_LIMIT = 10_000;

export const DeadLettersQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range, inclusive; default 24 hours before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_DEAD_LETTER_LIMIT, description: `Most records to return; default ${DEFAULT_DEAD_LETTER_LIMIT}.` }),
  ),
});
/** The query as decoded by the server (times in epoch ms). */
export type DeadLettersQuery = StaticDecode<typeof DeadLettersQuery>;

export const DeadLetterRecord = Type.Object(
  {
    receivedAt: EpochMs('When the centre received the message'),
    topic: Type.String(),
    reason: Type.String({ description: 'Reject reason code (`schema`, `bad-json`, …; see the MQTT contract).' }),
    detail: Type.String({ description: 'What exactly was wrong.' }),
    payloadExcerpt: Type.String({ description: 'The start of the payload, as text.' }),
  },
  { $id: 'arterial/api/v1/DeadLetterRecord', title: 'Dead letter', description: 'A rejected message.' },
);
export type DeadLetterRecord = Static<typeof DeadLetterRecord>;

export const DeadLetterList = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    deadLetters: Type.Array(DeadLetterRecord, { description: 'Newest first.' }),
  },
  { $id: 'arterial/api/v1/DeadLetterList', title: 'Dead letters' },
);
export type DeadLetterList = Static<typeof DeadLetterList>;
