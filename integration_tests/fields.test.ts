/**
 * Config and mapping rules (docs/heap.md): include_fields, exclude_fields, rename_fields, and how a field is named (key or
 * dot path, an exact key winning over a path). One stream per mapping variant, all in one sync;
 * each event is found by its identity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, record } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const sample = { plan: 'pro', seats: 3, user: { plan: 'team', ssn: '000-00-0000', name: 'Ann' }, secret: 's3' };

const variants: Record<string, { mapping: Record<string, unknown>; data: Record<string, unknown> }> = {
  include: { mapping: { include_fields: ['plan'] }, data: sample },
  include_nested: { mapping: { include_fields: ['user.plan'] }, data: sample },
  include_identity: { mapping: { include_fields: ['user_id', 'seats'] }, data: sample },
  include_none: { mapping: { include_fields: [] }, data: sample },
  exclude: { mapping: { exclude_fields: ['secret'] }, data: sample },
  exclude_nested: { mapping: { exclude_fields: ['user.ssn'] }, data: sample },
  rename: { mapping: { rename_fields: [{ from: 'plan', to: 'Plan Name' }] }, data: sample },
  rename_nested: { mapping: { rename_fields: [{ from: 'user.plan', to: 'team_plan' }], include_fields: ['user.plan'] }, data: sample },
  identity_path: { mapping: { identity_field: 'account.owner' }, data: { account: { owner: 'nested-owner', tier: 1 } } },
  identity_exact_key: { mapping: { identity_field: 'user.id' }, data: { 'user.id': 'literal-key', user: { id: 'nested-path' } } },
  timestamp_not_property: { mapping: { timestamp_field: 'at' }, data: { at: '2024-01-02T03:04:05Z', v: 1 } },
  timestamp_included: { mapping: { timestamp_field: 'at', include_fields: ['at', 'v'] }, data: { at: '2024-01-02T03:04:05Z', v: 1 } },
  only_identity: { mapping: {}, data: {} },
};

describe('field selection', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;

  beforeAll(async () => {
    sandbox = await useSandbox();
    const names = Object.keys(variants);
    const config = heapConfig(sandbox, {
      mappings: names.map((name) => eventsMapping(name, variants[name]!.mapping)),
    });
    const input = names.map((name) => {
      const data = { ...variants[name]!.data };
      if (!('identity_field' in variants[name]!.mapping)) data.user_id = `id-${name}`;
      return record(name, data);
    });
    result = await runWrite({ config, catalog: catalog(...names), input });
  });

  const eventOf = (stream: string) => {
    const events = eventsOf(sandbox).filter((e) => e.identity === `id-${stream}`);
    expect(events).toHaveLength(1);
    return events[0]!;
  };

  it('delivers one event per stream, exit 0', () => {
    expectClean(result);
    expect(eventsOf(sandbox)).toHaveLength(Object.keys(variants).length);
  });

  it('include_fields: only the listed fields become properties', () => {
    expect(eventOf('include').properties).toEqual({ plan: 'pro' });
  });

  it('include_fields: a dot path includes one nested field under its dot key', () => {
    expect(eventOf('include_nested').properties).toEqual({ 'user.plan': 'team' });
  });

  it('include_fields: listing the identity field sends it as a property too', () => {
    expect(eventOf('include_identity').properties).toEqual({ user_id: 'id-include_identity', seats: 3 });
  });

  it('include_fields: an empty list sends an empty properties object', () => {
    expect(eventOf('include_none').properties).toEqual({});
  });

  it('exclude_fields: an excluded field is never sent', () => {
    expect(eventOf('exclude').properties).toEqual({ plan: 'pro', seats: 3, 'user.plan': 'team', 'user.ssn': '000-00-0000', 'user.name': 'Ann' });
  });

  it('exclude_fields: a dot path excludes one nested field', () => {
    expect(eventOf('exclude_nested').properties).toEqual({ plan: 'pro', seats: 3, 'user.plan': 'team', 'user.name': 'Ann', secret: 's3' });
  });

  it('rename_fields: a field is sent under its new property name only', () => {
    const properties = eventOf('rename').properties;
    expect(properties).toMatchObject({ 'Plan Name': 'pro' });
    expect(properties).not.toHaveProperty('plan');
  });

  it('rename_fields: a nested field is renamed by its dot path', () => {
    expect(eventOf('rename_nested').properties).toEqual({ team_plan: 'team' });
  });

  it('identity_field: a dot path reads a nested identity', () => {
    const events = eventsOf(sandbox).filter((e) => e.identity === 'nested-owner');
    expect(events).toHaveLength(1);
    expect(events[0]!.properties).toEqual({ 'account.tier': 1 });
  });

  it('identity_field: an exact key match wins over the same dot path', () => {
    expect(eventsOf(sandbox).filter((e) => e.identity === 'literal-key')).toHaveLength(1);
    expect(eventsOf(sandbox).filter((e) => e.identity === 'nested-path')).toHaveLength(0);
  });

  it('timestamp_field: the timestamp field is not sent as a property unless included', () => {
    expect(eventOf('timestamp_not_property').properties).toEqual({ v: 1 });
  });

  it('timestamp_field: an included timestamp field is sent as a property too', () => {
    expect(eventOf('timestamp_included').properties).toEqual({ at: '2024-01-02T03:04:05Z', v: 1 });
  });

  it('a record with only its identity is sent with an empty properties object', () => {
    expect(eventOf('only_identity').properties).toEqual({});
  });
});
