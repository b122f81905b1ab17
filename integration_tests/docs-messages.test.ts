/**
 * Every message docs/heap.md quotes in its Troubleshooting tables is one the connector prints:
 * each fixed part of a quoted message (the text between its `<placeholders>`, cut at punctuation,
 * 12 characters or more) is found either in the source of a message in src/ or in what the built
 * CLI printed for the cases below, for the parts that are put together at run time (a file
 * name, a zod path, Node's own argument parser). A message the connector no longer prints fails
 * this test, and so does a reworded one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConnector } from './harness/connector.js';
import { eventsMapping } from './harness/config.js';
import { freshDir, writeFile } from './harness/paths.js';
import { catalog, configuredStream } from './harness/protocol.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The source text, with plural endings written out (`record${n === 1 ? '' : 's'}` → `records`). */
const sourceText = sources(join(root, 'src'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n')
  .replace(/\$\{[^{}]*\? '' : 's'\}/g, 's');

/** The quoted messages of the first column of each Troubleshooting table. */
function quotedMessages(): string[] {
  const doc = readFileSync(join(root, 'docs', 'heap.md'), 'utf8');
  const start = doc.indexOf('\n## Troubleshooting');
  const end = doc.indexOf('\n## ', start + 5);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((row) => [...row.split(/(?<!\\)\|/)[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

/** The fixed parts of a quoted message worth checking. */
function fixedParts(message: string): string[] {
  return message
    .split(/<[^>]*>|\.\.\.|…|["'`()]|\d+|[:;?,]\s|\.\s|[[\]]/)
    .map((part) => part.replace(/^[\s:;,.?]+|[\s:;,.?]+$/g, ''))
    .filter((part) => part.length >= 12)
    // An error code (CERT_HAS_EXPIRED) is Node's or OpenSSL's own, printed as it comes.
    .filter((part) => !/^[A-Z][A-Z0-9_]+$/.test(part));
}

describe('docs/heap.md Troubleshooting quotes what the connector prints', () => {
  let printed = '';

  beforeAll(async () => {
    const files = freshDir();
    try {
      const config = (extra: Record<string, unknown>) => writeFile(files.dir, `config-${Math.random()}.json`, { app_id: '1', ...extra });
      const notJson = writeFile(files.dir, 'broken.json', '{"app_id": "1",');
      const catalogPath = writeFile(files.dir, 'catalog.json', catalog('s'));
      const mapped = config({ base_url: 'http://127.0.0.1:9', mappings: [eventsMapping('s')] });
      const withFields = configuredStream('s');
      withFields.stream.json_schema = { type: 'object', properties: { user_id: { type: 'string' } } };
      const declared = writeFile(files.dir, 'declared.json', catalog(withFields));
      const runs = await Promise.all([
        runConnector(['check', '--config', join(files.dir, 'missing.json')]),
        runConnector(['check', '--config', notJson]),
        runConnector(['write', '--config', notJson, '--catalog', join(files.dir, 'missing-catalog.json')]),
        runConnector(['write', '--config', mapped, '--catalog', join(files.dir, 'missing-catalog.json')]),
        runConnector(['check', '--config', config({ batch_size: 0 })]),
        runConnector(['write', '--config', mapped]),
        runConnector(['write', '--catalog', catalogPath]),
        runConnector(['check', '--confg', 'x']),
        runConnector(['check', 'x']),
        runConnector(['sandbox', '--prot', '1']),
        runConnector(['sandbox', '--port', 'x']),
        runConnector(['write', '--config', mapped, '--catalog', catalogPath], { input: ['{"type":"STATE","state":{"type":"STREAM"}}'] }),
        runConnector(['write', '--config', config({ mappings: [eventsMapping('s', { identity_field: 'nope' })] }), '--catalog', declared]),
      ]);
      printed = runs.map((run) => `${run.stdoutRaw}\n${run.stderr}`).join('\n');
    } finally {
      files.remove();
    }
  }, 60_000);

  it('has quoted messages to check', () => {
    expect(quotedMessages().length).toBeGreaterThan(50);
  });

  it('every fixed part of every quoted message is printed by the connector', () => {
    const missing = quotedMessages().flatMap((message) =>
      fixedParts(message)
        .filter((part) => !sourceText.includes(part) && !printed.includes(part))
        .map((part) => `${JSON.stringify(part)} (in \`${message}\`)`),
    );
    expect(missing).toEqual([]);
  });
});
