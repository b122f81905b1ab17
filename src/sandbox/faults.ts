/**
 * A fault plan: how the sandbox misbehaves on purpose, so retries, backoff, Retry-After handling
 * and poison-record isolation can be exercised without a real outage. The plan is data (it comes
 * from tests, from `--faults plan.json` and from `POST /_sandbox/faults`); fault-injector.ts
 * applies it.
 */
import { z } from 'zod';
import { HEAP_PATHS } from './limits.js';

export interface FaultRule {
  /** One of Heap's paths (limits.ts HEAP_PATHS); absent = any of them. Admin paths are never faulted. */
  path?: string;
  /** Answer with this status instead of handling the request (e.g. 500, 503, 429, 400, 401). */
  status?: number;
  /** With `status`: send `Retry-After: <seconds>` (meant for 429 and 503). */
  retryAfterSeconds?: number;
  /** With `status`: the response body (default: a JSON `{"error": ...}` naming the fault). */
  body?: string;
  /** Destroy the socket without answering (the client sees a connection reset). */
  reset?: boolean;
  /** Milliseconds to wait before handling (added to the plan's `latencyMs`). */
  latencyMs?: number;
  /** 0..1, default 1: chance that the rule fires on a request it matches. */
  probability?: number;
  /** Fire only once this many requests to the rule's path were seen (whether or not other rules fired on them). */
  after?: number;
  /** Fire at most this many times. */
  times?: number;
}

export interface FaultPlan {
  /** The first rule that matches and fires wins; later rules still count the request for `after`. */
  rules?: FaultRule[];
  /** Milliseconds before handling every request: fixed, or uniform random in [min, max]. */
  latencyMs?: number | [number, number];
  /** Requests with an item whose identity or account_id is listed are refused whole with 400. */
  poisonIdentities?: string[];
  /** Requests with an item that has a property whose value is listed are refused whole with 400. */
  poisonValues?: string[];
  /** Seeds the PRNG behind `probability` and random latency, so a run can be replayed. */
  seed?: number;
}

const Millis = z.number().finite().nonnegative();
const Count = z.number().int().nonnegative();

const FaultRuleSchema = z
  .strictObject({
    path: z.enum(Object.values(HEAP_PATHS)).optional(),
    status: z.number().int().min(100).max(599).optional(),
    retryAfterSeconds: Count.optional(),
    body: z.string().optional(),
    reset: z.boolean().optional(),
    latencyMs: Millis.optional(),
    probability: z.number().min(0).max(1).optional(),
    after: Count.optional(),
    times: Count.optional(),
  })
  .superRefine((rule, ctx) => {
    // A rule that does nothing is almost always a typo in a hand-written plan.
    if (rule.status === undefined && rule.reset !== true && rule.latencyMs === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a rule must set status, reset or latencyMs' });
    }
    if (rule.status !== undefined && rule.reset === true) {
      ctx.addIssue({ code: 'custom', message: 'a rule cannot both answer (status) and reset the connection' });
    }
    if (rule.status === undefined && (rule.retryAfterSeconds !== undefined || rule.body !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'retryAfterSeconds and body need a status' });
    }
  });

/** Validates a plan written by hand (CLI file, admin endpoint). Its output is a `FaultPlan`. */
export const FaultPlanSchema: z.ZodType<FaultPlan> = z.strictObject({
  rules: z.array(FaultRuleSchema).optional(),
  latencyMs: z
    .union([Millis, z.tuple([Millis, Millis]).refine(([min, max]) => min <= max, 'must be [min, max] with min <= max')])
    .optional(),
  poisonIdentities: z.array(z.string()).optional(),
  poisonValues: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
});

/** Parses a plan; the error message names the path of the first problem. */
export function parseFaultPlan(input: unknown): { ok: true; plan: FaultPlan } | { ok: false; message: string } {
  const result = FaultPlanSchema.safeParse(input);
  if (result.success) return { ok: true, plan: result.data };
  const issue = result.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? 'plan' : issue.path.map(String).join('.');
  return { ok: false, message: `${path}: ${issue?.message ?? 'invalid'}` };
}
