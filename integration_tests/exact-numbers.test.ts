/**
 * Contract §3 "Numbers are read exactly": an integer beyond ±(2^53 − 1) keeps its exact digits as
 * an identity, an account id, in an idempotency key and as a property value; two records that
 * differ only in such a number are never merged. A number that overflows a double is left out of
 * the properties, and rejects the record as an identity. Input lines are written as raw text,
 * since a JavaScript number could not even carry them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog } from './harness/protocol.js';
import { accountProps, eventsOf, useSandbox, userProps, type Sandbox } from './harness/sandbox.js';
import { runPreview, runSend } from './harness/shell.js';

const line = (stream: string, data: string) =>
  `{"type":"RECORD","record":{"stream":"${stream}","data":${data},"emitted_at":1700000000000}}`;
const state = (stream: string) =>
  `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"${stream}"},"stream_state":{}}}}`;

describe('integers beyond 2^53 as identities, account ids, idempotency keys and values', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;

  beforeAll(async () => {
    sandbox = await useSandbox();
    const input = [
      line('clicks', '{"user_id":9007199254740993,"seq":1}'),
      line('clicks', '{"user_id":9007199254740992,"seq":1}'),
      line('orders', '{"user_id":"buyer","order_id":12345678901234567891,"total":5}'),
      line('orders', '{"user_id":"buyer","order_id":12345678901234567892,"total":5}'),
      line('people', '{"user_id":9007199254740993,"plan":"pro","snowflake":1234567890123456789012}'),
      line('people', '{"user_id":9007199254740992,"plan":"free","huge":1e400}'),
      line('orgs', '{"account_id":18446744073709551615,"tier":"a"}'),
      line('orgs', '{"account_id":18446744073709551614,"tier":"b"}'),
      line('people', '{"user_id":1e400,"plan":"overflow"}'),
      state('clicks'),
      state('orders'),
      state('people'),
      state('orgs'),
    ];
    const config = heapConfig(sandbox, {
      mappings: [
        eventsMapping('clicks'),
        eventsMapping('orders', { idempotency_key_fields: ['order_id'] }),
        usersMapping('people'),
        accountsMapping('orgs'),
      ],
    });
    result = await runWrite({ config, catalog: catalog('clicks', 'orders', 'people', 'orgs'), input });
  });

  it('delivers every record but the one whose identity overflows a double, exit 0', () => {
    expectClean(result);
    expect(result.states.map((s) => s.destinationStats)).toEqual([
      { recordCount: 2, rejectedRecordCount: 0 },
      { recordCount: 2, rejectedRecordCount: 0 },
      { recordCount: 2, rejectedRecordCount: 1 },
      { recordCount: 2, rejectedRecordCount: 0 },
    ]);
  });

  it('two identities that differ only beyond 2^53 are two events with two idempotency keys', () => {
    const clicks = eventsOf(sandbox).filter((e) => e.properties.seq === 1);
    expect(clicks.map((e) => e.identity).sort()).toEqual(['9007199254740992', '9007199254740993']);
    expect(new Set(clicks.map((e) => e.idempotency_key)).size).toBe(2);
  });

  it('two idempotency_key_fields values that differ only beyond 2^53 are two events', () => {
    const orders = eventsOf(sandbox).filter((e) => e.identity === 'buyer');
    expect(orders).toHaveLength(2);
    expect(new Set(orders.map((e) => e.idempotency_key)).size).toBe(2);
    expect(orders.map((e) => e.properties.order_id).sort()).toEqual(['12345678901234567891', '12345678901234567892']);
  });

  it('two user identities that differ only beyond 2^53 are two users; a big value is the string of its digits', () => {
    expect(userProps(sandbox, '9007199254740993')).toEqual({ plan: 'pro', snowflake: '1234567890123456789012' });
    expect(userProps(sandbox, '9007199254740992')).toEqual({ plan: 'free' });
  });

  it('two account ids that differ only beyond 2^53 are two accounts', () => {
    expect(accountProps(sandbox, '18446744073709551615')).toEqual({ tier: 'a' });
    expect(accountProps(sandbox, '18446744073709551614')).toEqual({ tier: 'b' });
  });
});

describe.concurrent('preview and send (--stream) keep the same digits', () => {
  const people = [
    '{"user_id":9007199254740993,"snowflake":1234567890123456789012,"note":"12345678901234567890"}',
    '{"user_id":"plain","big":9007199254740993,"huge":1e400}',
  ];

  it('preview prints the items write would send, digits kept', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [usersMapping('people')] });
    const result = await runPreview({ config, catalog: catalog('people'), input: people.map((data) => line('people', data)) });
    expect(result.exitCode).toBe(0);
    expect(result.preview.mapped.map((r) => r.item)).toEqual([
      { identity: '9007199254740993', properties: { snowflake: '1234567890123456789012', note: '12345678901234567890' } },
      { identity: 'plain', properties: { big: '9007199254740993' } },
    ]);
  });

  it('send --stream reads bare objects exactly too', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [usersMapping('people')] });
    const result = await runSend({ config, args: ['--stream', 'people'], input: people });
    expect(result.exitCode).toBe(0);
    expect(userProps(sandbox, '9007199254740993')).toEqual({ snowflake: '1234567890123456789012', note: '12345678901234567890' });
    expect(userProps(sandbox, 'plain')).toEqual({ big: '9007199254740993' });
  });
});

describe('a number with a fraction beyond 2^53 as an identity', () => {
  it('keeps its text as written (12345678901234567890.5 is that user, not 12345678901234567000)', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [usersMapping('people')] });
    const result = await runWrite({
      config,
      catalog: catalog('people'),
      input: [line('people', '{"user_id":12345678901234567890.5,"plan":"pro"}'), state('people')],
    });
    expectClean(result);
    expect(userProps(sandbox, '12345678901234567890.5')).toEqual({ plan: 'pro' });
    expect(userProps(sandbox, '12345678901234567000')).toBeUndefined();
  });
});
