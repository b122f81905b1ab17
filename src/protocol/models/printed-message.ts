/**
 * Every AirbyteMessage the connector prints on stdout, told apart by `type`, each carrying the
 * payload its type names. The conformance suite checks every line the connector prints against
 * this; the connector itself builds its messages in ../output-messages.ts (no validation library
 * on the path of `spec`).
 */
import { z } from 'zod';
import { ConnectionStatusMessage } from './connection-status.js';
import { DestinationCatalogMessage } from './destination-catalog.js';
import { LogMessage } from './log.js';
import { SpecMessage } from './spec.js';
import { StateMessage } from './state.js';
import { TraceMessage } from './trace.js';

export const PrintedMessage = z.discriminatedUnion('type', [
  SpecMessage,
  ConnectionStatusMessage,
  LogMessage,
  TraceMessage,
  StateMessage,
  DestinationCatalogMessage,
]);
export type PrintedMessage = z.infer<typeof PrintedMessage>;
