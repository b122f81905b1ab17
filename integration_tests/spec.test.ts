import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConnector } from './harness/connector.js';
import { runSpec } from './harness/commands.js';
import { REPO_ROOT } from './harness/paths.js';

const specJson: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'spec.json'), 'utf8'));
const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe.concurrent('commands without a sync', () => {
  describe('spec', () => {
    it('prints exactly one message, a SPEC, and exits 0', async () => {
      const result = await runSpec();
      expect(result.exitCode).toBe(0);
      expect(result.messages.filter((m) => m.type !== 'LOG').map((m) => m.type)).toEqual(['SPEC']);
    });

    it('has connectionSpecification equal to spec.json', async () => {
      const result = await runSpec();
      expect(result.specs[0]?.connectionSpecification).toEqual(specJson);
    });

    it('supports the append, append_dedup and update destination sync modes', async () => {
      const result = await runSpec();
      expect(result.specs[0]?.supported_destination_sync_modes).toEqual(['append', 'append_dedup', 'update']);
    });

    it('names the Airbyte protocol version it speaks', async () => {
      const result = await runSpec();
      expect(result.specs[0]?.protocol_version).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it('ignores stdin', async () => {
      const result = await runConnector(['spec'], { input: ['not json at all', { type: 'RECORD' }] });
      expect(result.exitCode).toBe(0);
      expect(result.specs[0]?.connectionSpecification).toEqual(specJson);
    });
  });

  describe('--help and --version', () => {
    it('--version prints the package version and exits 0', async () => {
      const result = await runConnector(['--version'], { rawStdout: true });
      expect(result.exitCode).toBe(0);
      expect(result.stdoutRaw + result.stderr).toContain(packageVersion);
    });

    it('--help names every command and exits 0', async () => {
      const result = await runConnector(['--help'], { rawStdout: true });
      expect(result.exitCode).toBe(0);
      const text = result.stdoutRaw + result.stderr;
      for (const command of ['spec', 'check', 'discover', 'write']) expect(text).toContain(command);
    });

    it('an unknown command exits non-zero', async () => {
      const result = await runConnector(['no-such-command'], { rawStdout: true });
      expect(result.exitCode).not.toBe(0);
    });
  });
});
