/** `spec`: prints one SPEC message whose connectionSpecification is exactly spec.json. */
import spec from '../../spec.json' with { type: 'json' };
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';

export const DOCUMENTATION_URL = 'https://github.com/destination-heap/destination-heap/blob/main/docs/heap.md';

/**
 * The Airbyte protocol line this connector speaks: hosts translate messages by protocol version,
 * and "0.2.0" names the v0 protocol (the hosts' default when a spec names none), whose messages,
 * DESTINATION_CATALOG included, this connector reads and writes.
 */
export const PROTOCOL_VERSION = '0.2.0';

export function specMessage() {
  return {
    type: 'SPEC',
    spec: {
      documentationUrl: DOCUMENTATION_URL,
      connectionSpecification: spec,
      supportsIncremental: true,
      // `update` is for user and account properties only (src/catalog/streams.ts).
      supported_destination_sync_modes: ['append', 'append_dedup', 'update'],
      protocol_version: PROTOCOL_VERSION,
    },
  };
}

export function specCommand(_options: CliOptions, context: CommandContext): number {
  context.writer.write(specMessage());
  return 0;
}
