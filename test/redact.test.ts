import { describe, expect, it } from 'vitest';
import { redactQuotedValues } from '../src/delivery/redact.js';

const item = { identity: 'ann@example.com', event: 'Signed Up', properties: { plan: 'pro', 'user.email': 'ann@example.com' } };

describe('redactQuotedValues', () => {
  it.each([
    ['keeps a quoted property key', 'events[0].properties: key "plan" is too long', 'events[0].properties: key "plan" is too long'],
    ['keeps a quoted dotted property key', 'key "user.email" refused', 'key "user.email" refused'],
    ['keeps a quoted item field name', 'field "identity" is invalid', 'field "identity" is invalid'],
    ['hides a quoted value', 'identity "ann@example.com" is not allowed', 'identity "…" is not allowed'],
    ['hides a single-quoted value', "value 'pro-plan-x' too long", "value '…' too long"],
    ['hides a quoted value with escaped quotes', 'bad value "a \\"b\\" c" here', 'bad value "…" here'],
    ['leaves text without quotes alone', 'invalid body', 'invalid body'],
  ])('%s', (_title, text, expected) => {
    expect(redactQuotedValues(text, item)).toBe(expected);
  });
});
