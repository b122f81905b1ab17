/**
 * SandboxOptions with defaults filled in and checked: a sandbox started with a typo'd limit
 * should fail at start, not quietly behave like Heap with other limits.
 */
import { type FaultPlan, parseFaultPlan } from './faults.js';
import { SANDBOX_DEFAULTS } from './limits.js';
import type { RateLimitSettings } from './rate-limit.js';
import type { SandboxOptions } from './server.js';

export interface ResolvedOptions {
  host: string;
  port: number;
  apiKeys: Readonly<Record<string, string>>;
  rateLimits: RateLimitSettings;
  faults: FaultPlan;
  storeEvents: boolean;
  tokenTtlSeconds: number;
  now: () => number;
  random: (() => number) | undefined;
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const limits = options.rateLimits ?? {};
  const resolved: ResolvedOptions = {
    host: options.host ?? SANDBOX_DEFAULTS.host,
    port: options.port ?? SANDBOX_DEFAULTS.port,
    apiKeys: { ...(options.apiKeys ?? {}) },
    rateLimits: {
      eventsPerAppPerWindow: limits.eventsPerAppPerWindow ?? SANDBOX_DEFAULTS.eventsPerAppPerWindow,
      eventsPerIdentityPerWindow: limits.eventsPerIdentityPerWindow ?? SANDBOX_DEFAULTS.eventsPerIdentityPerWindow,
      windowMs: limits.windowMs ?? SANDBOX_DEFAULTS.windowMs,
    },
    faults: checkedFaultPlan(options.faults ?? {}),
    storeEvents: options.storeEvents ?? true,
    tokenTtlSeconds: options.tokenTtlSeconds ?? SANDBOX_DEFAULTS.tokenTtlSeconds,
    now: options.now ?? Date.now,
    random: options.random,
  };
  requireInteger('port', resolved.port, 0, 65_535);
  requireInteger('rateLimits.eventsPerAppPerWindow', resolved.rateLimits.eventsPerAppPerWindow, 0);
  requireInteger('rateLimits.eventsPerIdentityPerWindow', resolved.rateLimits.eventsPerIdentityPerWindow, 0);
  requireInteger('tokenTtlSeconds', resolved.tokenTtlSeconds, 1);
  requireInteger('rateLimits.windowMs', resolved.rateLimits.windowMs, 1);
  for (const [appId, key] of Object.entries(resolved.apiKeys)) {
    if (!/^\d+$/.test(appId) || typeof key !== 'string') {
      throw new TypeError('apiKeys: keys must be app_ids (strings of digits) and values api_key strings');
    }
  }
  return resolved;
}

/** Plans from code get the same checks as plans from files and the admin endpoint. */
export function checkedFaultPlan(plan: FaultPlan): FaultPlan {
  const parsed = parseFaultPlan(plan);
  if (!parsed.ok) throw new TypeError(`faults: ${parsed.message}`);
  return parsed.plan;
}

function requireInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: must be an integer from ${min} to ${max}`);
  }
}
