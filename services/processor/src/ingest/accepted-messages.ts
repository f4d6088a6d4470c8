/**
 * The stream of accepted (validated, de-duplicated) device messages, as a token: capabilities beyond live
 * state and storage (plan acknowledgements, later estimation) depend on the stream, not on IngestService.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import type { Observable } from 'rxjs';

export type AcceptedMessages = Observable<DecodedMessage>;

export const ACCEPTED_MESSAGES = Symbol('ACCEPTED_MESSAGES');
