/**
 * docs/heap.md "Delivery and state": no secret (api_key) ever appears in any output, and no record value appears in
 * logs. Every command's whole stdout and stderr is searched for a distinctive marker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck, runSpec, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { APP_ID, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, echoOf, globalState, record, streamState } from './harness/protocol.js';
import { closedLoopbackPort, eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const SECRET = 'hk_SECRET_9f2c7a41e8d3b605';

function expectAbsent(result: ConnectorResult, marker: string): void {
  expect(result.stdoutRaw).not.toContain(marker);
  expect(result.stderr).not.toContain(marker);
}

describe.concurrent('secrets and personal data', () => {
  describe('the api_key is never printed', () => {
    it('spec', async () => {
      expectAbsent(await runSpec(), SECRET);
    });

    it('check SUCCEEDED with a valid api_key', async () => {
      const sandbox = await useSandbox({ apiKeys: { [APP_ID]: SECRET } });
      const result = await runCheck(heapConfig(sandbox, { api_key: SECRET }));
      expect(result.connectionStatus?.status).toBe('SUCCEEDED');
      expectAbsent(result, SECRET);
    });

    it('check FAILED because the auth-token endpoint refuses the api_key', async () => {
      const sandbox = await useSandbox({ apiKeys: { [APP_ID]: 'another-key' } });
      const result = await runCheck(heapConfig(sandbox, { api_key: SECRET }));
      expect(result.connectionStatus?.status).toBe('FAILED');
      expectAbsent(result, SECRET);
    });

    it('check FAILED because another field fails the schema', async () => {
      const sandbox = await useSandbox();
      const result = await runCheck(heapConfig(sandbox, { api_key: SECRET, app_id: 'not-digits', batch_size: 0 }));
      expect(result.connectionStatus?.status).toBe('FAILED');
      expectAbsent(result, SECRET);
    });

    it('check FAILED because the config file is not JSON around the api_key', async () => {
      const result = await runCheck({ raw: `{"app_id": "${APP_ID}", "api_key": ${SECRET}}` });
      expect(result.connectionStatus?.status).toBe('FAILED');
      expectAbsent(result, SECRET);
    });

    it('check FAILED because the host is unreachable', async () => {
      const port = await closedLoopbackPort();
      const result = await runCheck(heapConfig(`http://127.0.0.1:${port}`, { api_key: SECRET, max_retry_seconds: 1 }));
      expect(result.connectionStatus?.status).toBe('FAILED');
      expectAbsent(result, SECRET);
    });

    it('write that fails on a 401 from Heap', async () => {
      const sandbox = await useSandbox({ faults: { rules: [{ status: 401 }] } });
      const config = heapConfig(sandbox, { api_key: SECRET, mappings: [eventsMapping('s')] });
      const result = await runWrite({ config, catalog: catalog('s'), input: [record('s', { user_id: 'u', a: 1 }), streamState('s', {})] });
      expect(result.exitCode).toBe(1);
      expectAbsent(result, SECRET);
    });

    it('write with a config that fails the schema', async () => {
      const sandbox = await useSandbox();
      const config = heapConfig(sandbox, { api_key: SECRET, batch_size: 0 });
      const result = await runWrite({ config, catalog: catalog('s'), input: [] });
      expect(result.exitCode).toBe(1);
      expectAbsent(result, SECRET);
    });

    it('write with a config file that is not JSON around the api_key', async () => {
      const result = await runWrite({ config: { raw: `{"api_key": ${SECRET}}` }, catalog: catalog('s'), input: [] });
      expect(result.exitCode).toBe(1);
      expectAbsent(result, SECRET);
    });
  });

  /**
   * One sync (with the api_key set) in which each way a record value could leak has its own marker;
   * the marker must appear nowhere in stdout or stderr. The sandbox refuses the poison identity.
   */
  describe('record values never appear in the output', () => {
    const marker = (name: string) => `pii-${name}-5e1d9a@example.org`;
    const at = '2024-01-01T00:00:00Z';
    const cases: [string, string, unknown][] = [
      ['a record rejected for a missing identity (its other values are not logged)', 'no-identity', record('s', { email: marker('no-identity'), at })],
      ['a record rejected for an unparseable timestamp (the bad value is not logged)', 'bad-timestamp', record('s', { user_id: 'u', at: marker('bad-timestamp') })],
      ['a record rejected for an identity longer than 255 characters', 'long-identity', record('s', { user_id: `${marker('long-identity')}${'x'.repeat(300)}`, at })],
      ['a line that is not JSON (its text is not logged)', 'not-json', `{"type":"RECORD","record":{"stream":"s","data":{"email":"${marker('not-json')}"`],
      ['a record refused by Heap and isolated as a poison record', 'poison', record('s', { user_id: marker('poison'), at })],
      ['a record delivered normally (values go to Heap, not to the log)', 'delivered', record('s', { user_id: marker('delivered'), email: marker('delivered'), at })],
      ['a value cut to 1023 characters', 'truncated', record('s', { user_id: 'u', at, note: `${marker('truncated')}${'n'.repeat(2000)}` })],
      ['a property key of 1024+ characters left out', 'long-key', record('s', { user_id: 'u', at, [`${marker('long-key')}${'k'.repeat(1100)}`]: 1 })],
      ['a user property "Id" left out', 'id-property', record('people', { user_id: 'u', Id: marker('id-property'), name: 'n' })],
    ];
    const state = globalState({ end: true }, []);
    let sandbox: Sandbox;
    let result: ConnectorResult;

    beforeAll(async () => {
      sandbox = await useSandbox({ faults: { poisonIdentities: [marker('poison')] } });
      const config = heapConfig(sandbox, {
        api_key: SECRET,
        mappings: [eventsMapping('s', { timestamp_field: 'at' }), usersMapping('people')],
      });
      result = await runWrite({ config, catalog: catalog('s', 'people'), input: [...cases.map(([, , line]) => line), state] });
    });

    it('the sync itself went as expected: 4 delivered, 4 rejected, exit 0', () => {
      expect(result.exitCode).toBe(0);
      expect(result.states).toEqual([echoOf(state, 4, 4)]);
      expect(eventsOf(sandbox).map((e) => e.identity)).toContain(marker('delivered'));
    });

    it('the api_key of a successful write is not printed', () => {
      expectAbsent(result, SECRET);
    });

    it.each(cases.map(([title, name]) => [title, name]))('%s', (_title, name) => {
      expectAbsent(result, marker(name));
    });

    it('a record rejected with invalid_record_policy "fail" (the TRACE names no value)', async () => {
      const own = await useSandbox();
      const config = heapConfig(own, { invalid_record_policy: 'fail', mappings: [eventsMapping('s', { timestamp_field: 'at' })] });
      const failed = await runWrite({ config, catalog: catalog('s'), input: [record('s', { user_id: 'u', at: marker('fail-policy') }), streamState('s', {})] });
      expect(failed.exitCode).toBe(1);
      expectAbsent(failed, marker('fail-policy'));
    });
  });
});
