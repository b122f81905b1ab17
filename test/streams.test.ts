import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../src/catalog/catalog.js';
import { StreamRouter } from '../src/catalog/streams.js';
import { parseConfig } from '../src/config/load.js';
import { ConfigError } from '../src/errors.js';
import { singleStreamCatalog } from '../src/input/bare.js';

const mappings = parseConfig({
  app_id: '1',
  mappings: [
    { stream: 'orders', sync_type: 'events', identity_field: 'uid', event_name: 'Order Placed' },
    { stream: 'people', namespace: 'crm', sync_type: 'user_properties', identity_field: 'email' },
  ],
}).mappings;

const catalog = (...streams: { name: string; namespace?: string }[]) =>
  parseCatalog({ streams: streams.map((stream) => ({ stream, destination_sync_mode: 'append' })) });

/** The ConfigError building a router throws; fails the test when it throws nothing or anything else. */
function routerError(...args: ConstructorParameters<typeof StreamRouter>): ConfigError {
  try {
    new StreamRouter(...args);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the router to refuse the catalog');
}

describe('StreamRouter', () => {
  it('routes each catalog stream to its mapping', () => {
    const router = new StreamRouter(catalog({ name: 'orders' }, { name: 'people', namespace: 'crm' }), mappings);
    expect(router.route('orders', null)?.mapping?.sync_type).toBe('events');
    expect(router.route('people', 'crm')?.mapping?.sync_type).toBe('user_properties');
    expect(router.route('people', null)).toBeUndefined();
  });

  describe('refuses a catalog stream without a mapping (config_error)', () => {
    it('naming the stream and its catalog entry', () => {
      const error = routerError(catalog({ name: 'orders' }, { name: 'visits' }), mappings);
      expect(error.code).toBe('STREAM_WITHOUT_MAPPING');
      expect(error.failureType).toBe('config_error');
      expect(error.message).toContain('"visits"');
      expect(error.message).toContain('streams[1]');
      expect(error.message).toContain('"stream": "visits"');
    });

    it('with the namespace in the mapping it suggests for a namespaced stream', () => {
      const error = routerError(catalog({ name: 'people', namespace: 'sales' }), mappings);
      expect(error.message).toContain('"sales.people"');
      expect(error.message).toContain('"stream": "people", "namespace": "sales"');
    });

    it('pointing at --stream, not at a catalog entry, when the catalog comes from --stream', () => {
      const error = routerError(parseCatalog(singleStreamCatalog('visits', undefined)), mappings, { syntheticCatalog: true });
      expect(error.code).toBe('STREAM_WITHOUT_MAPPING');
      expect(error.message).toContain('--stream');
      expect(error.message).toContain('"stream": "visits"');
      expect(error.message).not.toContain('streams[0]');
    });

    it('suggesting the mapped stream whose name is close, for --stream and for a catalog', () => {
      const fromCli = routerError(parseCatalog(singleStreamCatalog('order', undefined)), mappings, { syntheticCatalog: true });
      expect(fromCli.message).toContain('Did you mean --stream orders?');
      expect(routerError(catalog({ name: 'ordres' }), mappings).message).toContain('The config maps "orders"');
      expect(routerError(catalog({ name: 'visits' }), mappings).message).not.toMatch(/did you mean/i);
    });

    it('pointing at --namespace too when the command line gives one', () => {
      const error = routerError(parseCatalog(singleStreamCatalog('people', 'sales')), mappings, { syntheticCatalog: true });
      expect(error.message).toContain('--namespace');
      expect(error.message).toContain('"namespace": "sales"');
    });
  });
});

describe('StreamRouter and destination objects (data activation)', () => {
  const objectCatalog = (object: string, mode = 'append', name = 'orders') =>
    parseCatalog({ streams: [{ stream: { name }, destination_sync_mode: mode, destination_object_name: object }] });

  it.each([
    ['events', 'append', '/track'],
    ['user_properties', 'update', 'users'],
    ['account_properties', 'update', 'accounts'],
  ])('routes a stream naming %s to that object, with no mapping', (object, mode, endpoint) => {
    const routed = new StreamRouter(objectCatalog(object, mode, 'visits'), []).route('visits', null);
    expect(routed?.object?.name).toBe(object);
    expect(routed?.mapping).toBeUndefined();
    const data = { identity: 'ann', event: 'Seen', account_id: 'acme', plan: 'pro' };
    const result = routed!.mapper.map(data);
    expect(result.ok && result.mapped.endpoint).toBe(endpoint.replace('/', ''));
  });

  it.each([
    ['an own mapping', objectCatalog('events'), mappings, 'STREAM_MAPPED_TWICE'],
    ['an unknown object', objectCatalog('tickets'), [], 'UNKNOWN_DESTINATION_OBJECT'],
    ['update on events', objectCatalog('events', 'update'), [], 'SYNC_MODE_UNSUPPORTED'],
  ])('refuses a stream with %s (config_error)', (_what, streams, given, code) => {
    const error = routerError(streams, given);
    expect(error.code).toBe(code);
    expect(error.failureType).toBe('config_error');
  });

  it('does not let a "*" mapping serve a stream that names an object', () => {
    const star = parseConfig({ app_id: '1', mappings: [{ stream: '*', sync_type: 'events', identity_field: 'uid', event_name: 'X' }] }).mappings;
    expect(new StreamRouter(objectCatalog('user_properties', 'update'), star).route('orders', null)?.object?.name).toBe('user_properties');
  });
});

describe('a config and a catalog swapped', () => {
  it('a catalog passed as the config is named as a catalog', () => {
    expect(() => parseConfig({ streams: [{ stream: { name: 'orders' }, destination_sync_mode: 'append' }] })).toThrow(
      /looks like a configured catalog.*--catalog FILE/,
    );
  });

  it('a config passed as the catalog is named as a config', () => {
    expect(() => parseCatalog({ app_id: '1', mappings: [] })).toThrow(/looks like a config.*--config FILE/);
  });
});
