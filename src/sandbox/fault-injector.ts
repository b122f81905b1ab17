/**
 * Applies a FaultPlan, one request at a time: decides the delay and whether the request is
 * answered with a fault status or has its connection reset. It keeps the per-rule counts that
 * `after` and `times` need; a new plan (or a reset) starts a new injector with fresh counts.
 */
import type { FaultPlan, FaultRule } from './faults.js';

export type FaultAction =
  | { kind: 'answer'; status: number; retryAfterSeconds: number | undefined; body: string | undefined }
  | { kind: 'reset' };

export interface FaultDecision {
  /** Milliseconds to wait before the action (or before normal handling). */
  delayMs: number;
  /** undefined: handle the request normally after the delay. */
  action: FaultAction | undefined;
}

export class FaultInjector {
  private readonly rules: readonly FaultRule[];
  /** Per rule: requests seen on its path, and times it fired. */
  private readonly seen: number[];
  private readonly fired: number[];
  private readonly poison: ReadonlySet<string>;
  private readonly poisonValues: ReadonlySet<string>;

  constructor(
    private readonly plan: FaultPlan,
    private readonly random: () => number,
  ) {
    this.rules = plan.rules ?? [];
    this.seen = this.rules.map(() => 0);
    this.fired = this.rules.map(() => 0);
    this.poison = new Set(plan.poisonIdentities ?? []);
    this.poisonValues = new Set(plan.poisonValues ?? []);
  }

  decide(path: string): FaultDecision {
    let delayMs = this.planLatency();
    let winner: FaultRule | undefined;
    this.rules.forEach((rule, i) => {
      if (rule.path !== undefined && rule.path !== path) return;
      const seenBefore = this.seen[i] ?? 0;
      this.seen[i] = seenBefore + 1;
      if (winner !== undefined) return;
      if (seenBefore < (rule.after ?? 0)) return;
      if (rule.times !== undefined && (this.fired[i] ?? 0) >= rule.times) return;
      // Draw only when the rule is uncertain, so adding a certain rule does not shift a seeded run.
      if (rule.probability !== undefined && rule.probability < 1 && !(this.random() < rule.probability)) return;
      this.fired[i] = (this.fired[i] ?? 0) + 1;
      winner = rule;
    });
    if (winner === undefined) return { delayMs, action: undefined };
    delayMs += winner.latencyMs ?? 0;
    if (winner.reset === true) return { delayMs, action: { kind: 'reset' } };
    if (winner.status !== undefined) {
      return {
        delayMs,
        action: { kind: 'answer', status: winner.status, retryAfterSeconds: winner.retryAfterSeconds, body: winner.body },
      };
    }
    return { delayMs, action: undefined };
  }

  /** True when the plan lists this identity or account_id as poison. */
  isPoisoned(id: string): boolean {
    return this.poison.has(id);
  }

  /** True when the plan lists this property value as poison. */
  isPoisonedValue(value: unknown): boolean {
    return typeof value === 'string' && this.poisonValues.has(value);
  }

  get hasPoison(): boolean {
    return this.poison.size > 0 || this.poisonValues.size > 0;
  }

  private planLatency(): number {
    const latency = this.plan.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    const [min, max] = latency;
    return min + this.random() * (max - min);
  }
}
