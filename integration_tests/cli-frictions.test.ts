/**
 * The small frictions a person meets at a shell: a truncated option, a stream name one letter
 * off, a catalog passed as the config, empty input, and error lines that name their command.
 * Asserted on exit codes, the CONNECTION_STATUS / LOG messages and stderr lines.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { runConnector } from './harness/connector.js';
import { catalog } from './harness/protocol.js';
import { useSandbox } from './harness/sandbox.js';
import { runPreview, runSend } from './harness/shell.js';

describe.concurrent('command-line frictions', () => {
  it('--conf suggests --config (exit 2)', async () => {
    const result = await runConnector(['check', '--conf', 'config.json'], { rawStdout: true });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('did you mean --config?');
  });

  it('send --stream with a near miss suggests the mapped stream, and its error names the command', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders')] });
    const result = await runSend({ config, args: ['--stream', 'order'] });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^destination-heap send: /);
    expect(lines[0]).toContain('--stream orders');
  });

  it('preview and send name themselves the same way on an error', async () => {
    const missing = { app_id: '1' };
    const preview = await runPreview({ config: missing, args: ['--stream', 'x'] });
    const send = await runSend({ config: missing, args: ['--stream', 'x'] });
    expect(preview.stderr).toMatch(/^destination-heap preview: /);
    expect(send.stderr).toMatch(/^destination-heap send: /);
  });

  it('a catalog passed as --config is called a catalog', async () => {
    const result = await runCheck(catalog('events'));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain('--catalog');
    expect(result.connectionStatus?.message).not.toContain('"stream"');
  });

  it('write on empty stdin says no input was read, and exits 0', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: heapConfig(sandbox), catalog: catalog('events'), input: [] });
    expect(result.exitCode).toBe(0);
    expect(result.logs.some((log) => log.level === 'INFO' && /no input/i.test(log.message))).toBe(true);
  });

  it('send on empty stdin says no input was read, and exits 0', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: heapConfig(sandbox), args: ['--stream', 'events'], input: [] });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/no input/i);
  });
});
