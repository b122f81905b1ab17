/**
 * Profile: one throughput run of the connector under `node --cpu-prof`, summarised as self time
 * per function and per file. Not part of the default scenarios: profiling slows the run down.
 */
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runConnector } from '../connector.js';
import { summarizeProfile, type ProfileSummary } from '../cpu-profile.js';
import { writeInput } from '../input.js';
import { SandboxProcess } from '../sandbox.js';
import type { ScenarioContext } from './context.js';

export interface ProfileOptions {
  records: number;
  batchSize: number;
  maxConcurrent: number;
  top: number;
}

export interface ProfileResult extends ProfileSummary {
  records: number;
  wallMs: number;
  profileFile: string;
}

export async function profileScenario(options: ProfileOptions, context: ScenarioContext): Promise<ProfileResult> {
  const input = writeInput(join(context.workDir, `profile-${options.records}.jsonl`), { records: options.records, identities: 50_000 });
  const profileDir = join(context.workDir, 'cpu-profile');
  mkdirSync(profileDir, { recursive: true });
  context.progress(`profile: ${options.records} records under --cpu-prof`);
  const sandbox = await SandboxProcess.start({ eventsPerApp: 0, eventsPerIdentity: 0, workDir: context.workDir });
  try {
    const run = await runConnector(input.path, {
      baseUrl: sandbox.url,
      batchSize: options.batchSize,
      maxConcurrent: options.maxConcurrent,
      eventsPerMinute: 0,
      eventsPerIdentityPerMinute: 0,
      nodeFlags: [...context.connectorNodeFlags, '--cpu-prof', '--cpu-prof-dir', profileDir],
      workDir: context.workDir,
      stdinMode: context.stdinMode,
    });
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no .cpuprofile in ${profileDir}`);
    const profileFile = join(profileDir, file);
    return { records: options.records, wallMs: run.wallMs, profileFile, ...summarizeProfile(profileFile, options.top) };
  } finally {
    await sandbox.stop();
    context.discard(input.path);
  }
}
