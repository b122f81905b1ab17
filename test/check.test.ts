import { describe, expect, it } from 'vitest';
import { describeUnreachable } from '../src/commands/check.js';
import type { AttemptOutcome } from '../src/delivery/retry-policy.js';

const HOST = 'https://heap-proxy.example.com/heap';
const network = (code: string): AttemptOutcome => ({ kind: 'network', code });
/** The message for a code with the code itself taken out, so codes of one kind compare equal. */
const withoutCode = (code: string) => describeUnreachable(network(code), HOST, 15_000).replace(`(${code})`, '');

describe('describeUnreachable', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'SELF_SIGNED_CERT_IN_CHAIN', 'SOMETHING_NEW'])(
    'names the HOST and the code of a network failure (%s)',
    (code) => {
      const message = describeUnreachable(network(code), HOST, 15_000);
      expect(message).toContain(HOST);
      expect(message).toContain(`(${code})`);
      expect(message).toContain('base_url');
    },
  );

  it.each([
    ['name resolution', ['ENOTFOUND', 'EAI_AGAIN']],
    ['untrusted TLS certificates', ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'CERT_UNTRUSTED']],
  ])('gives one cause for the codes of %s', (_title, codes) => {
    expect(new Set(codes.map(withoutCode)).size).toBe(1);
  });

  it('gives a different cause for DNS, refused, reset, TLS and unknown failures', () => {
    const causes = ['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'CERT_HAS_EXPIRED', 'SOMETHING_NEW'].map(withoutCode);
    expect(new Set(causes).size).toBe(causes.length);
  });

  it('names the time waited for a timeout', () => {
    const message = describeUnreachable({ kind: 'timeout' }, HOST, 15_000);
    expect(message).toContain(HOST);
    expect(message).toContain('15 s');
  });

  it('names the time waited for a connect timeout too', () => {
    expect(describeUnreachable(network('UND_ERR_CONNECT_TIMEOUT'), HOST, 5_000)).toContain('5 s');
  });

  it('names the HOST and the status of a server error, not the body', () => {
    const message = describeUnreachable({ kind: 'response', status: 503, body: 'upstream down' }, HOST, 15_000);
    expect(message).toContain(HOST);
    expect(message).toContain('HTTP 503');
    expect(message).not.toContain('upstream down');
  });
});
