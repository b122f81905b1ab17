/**
 * The connector under measurement: the built CLI (`dist/src/cli/main.js write`) with a config
 * and catalog written for the benchmark's stream, stdin from an input file, stdout read for the
 * STATE, TRACE and summary LOG messages it prints.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAM } from './input.js';
import { runMeasured, type Measurement, type StdinMode } from './process-runner.js';
import { distPath } from './paths.js';

export const APP_ID = '1234567890';
const RATE_WINDOW_ENV = 'DESTINATION_HEAP_RATE_WINDOW_MS';

export interface ConnectorSettings {
  baseUrl: string;
  batchSize: number;
  maxConcurrent: number;
  /** 0 = no client-side budget. */
  eventsPerMinute: number;
  eventsPerIdentityPerMinute: number;
  /** Shortened rate window (ms); undefined = the real 60 s. */
  rateWindowMs?: number;
  /** Node flags for the connector process, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
  stdinMode?: StdinMode;
  /** CPUs the connector may run on (`taskset -c`); undefined = all. */
  cpus?: string;
  workDir: string;
}

export interface ConnectorRun extends Measurement {
  statesEchoed: number;
  /** The TRACE error's message, when the run failed. */
  error: string | undefined;
  /** The connector's own end-of-run summary LOG line. */
  summary: string | undefined;
}

/** Runs `write` on `inputFile` against the sandbox at `settings.baseUrl`; throws when the run fails. */
export async function runConnector(inputFile: string, settings: ConnectorSettings): Promise<ConnectorRun> {
  const { config, catalog } = writeConfigFiles(settings);
  let statesEchoed = 0;
  let error: string | undefined;
  let summary: string | undefined;
  const measured = await runMeasured({
    script: distPath('src/cli/main.js'),
    args: ['write', '--config', config, '--catalog', catalog],
    nodeFlags: settings.nodeFlags ?? [],
    stdinFile: inputFile,
    stdinMode: settings.stdinMode ?? 'pipe',
    ...(settings.cpus === undefined ? {} : { cpus: settings.cpus }),
    env: settings.rateWindowMs === undefined ? {} : { [RATE_WINDOW_ENV]: String(settings.rateWindowMs) },
    onStdoutLine: (line) => {
      // Cheap checks first: a run prints a few dozen lines, but no need to parse the STATEs.
      if (line.startsWith('{"type":"STATE"')) {
        statesEchoed += 1;
        return;
      }
      const message = JSON.parse(line) as { type?: string; log?: { message?: string }; trace?: { error?: { message?: string } } };
      if (message.type === 'STATE') statesEchoed += 1;
      else if (message.type === 'TRACE' && message.trace?.error !== undefined) error = message.trace.error.message;
      else if (message.type === 'LOG' && message.log?.message?.startsWith('Summary:')) summary = message.log.message;
    },
  });
  // A figure from a failed run would mislead: every scenario stops here instead.
  if (measured.exitCode !== 0) throw new Error(`the connector failed (exit ${measured.exitCode}): ${error ?? measured.stderrTail}`);
  return { ...measured, statesEchoed, error, summary };
}

function writeConfigFiles(settings: ConnectorSettings): { config: string; catalog: string } {
  const config = {
    app_id: APP_ID,
    base_url: settings.baseUrl,
    mappings: [
      {
        stream: STREAM,
        sync_type: 'events',
        identity_field: 'user.email',
        event_name_field: 'event_type',
        timestamp_field: 'occurred_at',
        idempotency_key_fields: ['event_id'],
        exclude_fields: ['session_id'],
        rename_fields: [{ from: 'user.plan', to: 'plan' }],
      },
    ],
    batch_size: settings.batchSize,
    max_concurrent_requests: settings.maxConcurrent,
    events_per_minute: settings.eventsPerMinute,
    events_per_identity_per_minute: settings.eventsPerIdentityPerMinute,
    invalid_record_policy: 'skip',
  };
  const catalog = {
    streams: [
      {
        stream: { name: STREAM, json_schema: { type: 'object' }, supported_sync_modes: ['incremental'] },
        sync_mode: 'incremental',
        destination_sync_mode: 'append',
        primary_key: [['event_id']],
      },
    ],
  };
  const configPath = join(settings.workDir, 'config.json');
  const catalogPath = join(settings.workDir, 'catalog.json');
  writeFileSync(configPath, JSON.stringify(config));
  writeFileSync(catalogPath, JSON.stringify(catalog));
  return { config: configPath, catalog: catalogPath };
}
