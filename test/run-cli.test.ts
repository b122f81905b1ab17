import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, USAGE_ERROR } from '../src/cli/run-cli.js';
import type { CommandContext } from '../src/commands/context.js';
import { parseLimit } from '../src/commands/preview.js';
import { ConfigError } from '../src/errors.js';
import { MessageWriter } from '../src/output/writer.js';

/** Runs the CLI with `argv`; returns the exit code and what went to stderr. */
async function run(argv: string[]): Promise<{ exitCode: number; stderr: string }> {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const stdout = new PassThrough();
  const writer = new MessageWriter(stdout);
  const context: CommandContext = {
    stdin: new PassThrough(),
    stderr,
    stdout,
    writer,
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    env: {},
    shutdown: new AbortController().signal,
    now: Date.now,
  };
  const exitCode = await runCli(argv, context);
  return { exitCode, stderr: text };
}

/** The first line on stderr: the problem (the command's help follows it). */
const problem = (stderr: string) => stderr.split('\n')[0]!;

describe('a command line parseArgs refuses', () => {
  it.each([
    ['--confg', 'config'],
    ['--catalogue', 'catalog'],
    ['--Stream', 'stream'],
    ['--limt', 'limit'],
  ])('names the known option nearest to an unknown one (%s)', async (option, known) => {
    const { exitCode, stderr } = await run(['check', option, 'x']);
    expect(exitCode).toBe(USAGE_ERROR);
    expect(problem(stderr)).toContain(`'${option}'`);
    expect(problem(stderr)).toContain(`--${known}?`);
  });

  it('suggests nothing for an option far from every known one', async () => {
    const { exitCode, stderr } = await run(['check', '--zzzzzz']);
    expect(exitCode).toBe(USAGE_ERROR);
    expect(problem(stderr)).toContain(`'--zzzzzz'`);
    expect(problem(stderr)).not.toContain('?');
  });

  it('shows how to pass files for a positional argument', async () => {
    const { exitCode, stderr } = await run(['write', 'config.json']);
    expect(exitCode).toBe(USAGE_ERROR);
    expect(problem(stderr)).toContain(`'config.json'`);
    expect(problem(stderr)).toContain('--config FILE');
    expect(problem(stderr)).toContain('--catalog FILE');
  });
});

describe('options that a command does not take', () => {
  it.each([
    ['write', ['--config', 'c.json', '--catalog', 'k.json', '--limit', '3'], 'limit'],
    ['send', ['--config', 'c.json', '--stream', 's', '--catalog', 'k.json'], 'catalog'],
    ['check', ['--config', 'c.json', '--stream', 's'], 'stream'],
    ['spec', ['--config', 'c.json'], 'config'],
  ])('%s %j is a usage error naming the option', async (command, args, option) => {
    const result = await run([command, ...args]);
    expect(result.exitCode).toBe(USAGE_ERROR);
    expect(problem(result.stderr)).toContain(`--${option}`);
  });
});

describe('preview --limit', () => {
  it.each([
    [undefined, Number.POSITIVE_INFINITY],
    ['1', 1],
    ['20', 20],
    [' 7 ', 7],
  ])('reads %j as %d', (given, limit) => {
    expect(parseLimit(given)).toBe(limit);
  });

  it.each(['0', '-1', '1.5', '', 'ten', '1e3', '99999999999999999999'])('refuses %j as a usage error naming --limit', (given) => {
    let error: unknown;
    try {
      parseLimit(given);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('USAGE');
    expect((error as ConfigError).message).toContain('--limit');
  });
});

describe('an unknown command', () => {
  it.each([
    ['chek', 'check'],
    ['wirte', 'write'],
    ['discovr', 'discover'],
  ])('names the command nearest to a misspelt one (%s)', async (typo, known) => {
    const { exitCode, stderr } = await run([typo]);
    expect(exitCode).toBe(USAGE_ERROR);
    expect(problem(stderr)).toBe(`destination-heap: unknown command "${typo}"; did you mean "${known}"?`);
  });

  it('suggests nothing for a word close to no command', async () => {
    const { stderr } = await run(['frobnicate']);
    expect(problem(stderr)).toBe('destination-heap: unknown command "frobnicate"');
  });
});
