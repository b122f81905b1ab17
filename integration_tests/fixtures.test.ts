/**
 * The conventional Airbyte fixtures in integration_tests/ (configured_catalog.json,
 * messages.jsonl, sample_config.json, invalid_config.json), run end to end against the sandbox.
 * sample_config.json points at the README's sandbox port (8080); tests replace base_url with their own sandbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runCheck, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { FIXTURES_DIR } from './harness/paths.js';
import type { StateMessage } from './harness/protocol.js';
import { echoOf } from './harness/protocol.js';
import { useSandbox, type Sandbox } from './harness/sandbox.js';

const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>;
const sampleConfig = readJson('sample_config.json');
const invalidConfig = readJson('invalid_config.json');
const configuredCatalog = readJson('configured_catalog.json');
const messageLines = readFileSync(join(FIXTURES_DIR, 'messages.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const inputStates = messageLines.map((l) => JSON.parse(l) as StateMessage).filter((m) => m.type === 'STATE');
const appId = sampleConfig.app_id as string;

describe.concurrent('fixtures', () => {
  describe('sample_config.json and invalid_config.json', () => {
    it('sample_config.json passes check against the sandbox', async () => {
      const sandbox = await useSandbox();
      const result = await runCheck({ ...sampleConfig, base_url: sandbox.url });
      expect(result.exitCode).toBe(0);
      expect(result.connectionStatus?.status).toBe('SUCCEEDED');
    });

    it('invalid_config.json fails check, naming a field, exit 0', async () => {
      const result = await runCheck(invalidConfig);
      expect(result.exitCode).toBe(0);
      expect(result.connectionStatus?.status).toBe('FAILED');
      expect(result.connectionStatus?.message).toMatch(/app_id|base_url|mappings/);
    });
  });

  describe('messages.jsonl through configured_catalog.json end to end', () => {
    let sandbox: Sandbox;
    let result: ConnectorResult;

    beforeAll(async () => {
      sandbox = await useSandbox();
      result = await runWrite({ config: { ...sampleConfig, base_url: sandbox.url }, catalog: configuredCatalog, input: messageLines });
    });

    it('exits 0 without an error', () => expectClean(result));

    it('echoes every state in order, each with the records of its stream window', () => {
      expect(result.states).toEqual([
        echoOf(inputStates[0]!, 2, 0),
        echoOf(inputStates[1]!, 2, 0),
        echoOf(inputStates[2]!, 3, 0),
        echoOf(inputStates[3]!, 1, 0),
      ]);
    });

    it('upserts the users (last record wins, password_hash excluded, id renamed)', () => {
      expect(sandbox.store.user(appId, 'ada@example.com')).toEqual({
        user_db_id: 1,
        name: 'Ada Lovelace',
        plan: 'business',
        marketing_opt_in: 'true',
        'address.city': 'London',
        'address.country': 'GB',
        updated_at: '2024-05-02T09:00:00Z',
      });
      expect(sandbox.store.user(appId, 'grace@example.com')).toMatchObject({ plan: 'pro', marketing_opt_in: 'false', user_db_id: 2 });
    });

    it('upserts the accounts', () => {
      expect(sandbox.store.account(appId, 'acct-001')).toEqual({
        company: 'Analytical Engines Ltd',
        tier: 'enterprise',
        seats: 250,
        updated_at: '2024-05-01T08:00:00Z',
      });
      expect(sandbox.store.account(appId, 'acct-002')).toMatchObject({ company: 'Compiler Co', seats: 12 });
    });

    it('tracks the page views of the "web" namespace as "Page View" events', () => {
      const events = sandbox.store.events.filter((e) => e.app_id === appId);
      expect(events.map((e) => [e.identity, e.event, e.timestamp]).sort()).toEqual(
        [
          ['ada@example.com', 'Page View', '2024-05-01T10:15:00.250Z'],
          ['grace@example.com', 'Page View', '2024-05-01T10:30:00.000Z'],
          ['ada@example.com', 'Page View', '2024-05-02T10:00:00.000Z'],
        ].sort(),
      );
      const first = events.find((e) => e.timestamp === '2024-05-01T10:15:00.250Z');
      expect(first?.properties).toEqual({ 'user.plan': 'enterprise', path: '/pricing', duration_ms: 5400, tags: 'campaign||spring' });
    });
  });
});
