/**
 * `discover`: for data-activation hosts, prints one DESTINATION_CATALOG naming the objects this
 * destination writes (src/catalog/destination-objects.ts). The config is validated first: a bad
 * one is a TRACE config_error and exit 1, as in `write`.
 */
import { destinationCatalogMessage } from '../catalog/destination-objects.js';
import { loadConfig } from '../config/load.js';
import { ConfigError, toConnectorError } from '../errors.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';
import { EXIT, reportFailure } from './write.js';

export async function discoverCommand(options: CliOptions, context: CommandContext): Promise<number> {
  try {
    if (options.config === undefined) throw new ConfigError('USAGE', 'discover needs --config FILE: run discover --config FILE.');
    await loadConfig(options.config);
  } catch (error) {
    return reportFailure(toConnectorError(error), context);
  }
  context.writer.write(destinationCatalogMessage());
  return EXIT.ok;
}
