/**
 * Access tokens from `/api/public/v0/auth_token`: each is remembered with its app_id and expires a
 * fixed time after it was issued (Heap: 5 minutes, docs/heap-api.md), on the sandbox clock.
 */
export type TokenCheck = { ok: true; appId: string } | { ok: false; message: string };

export class TokenRegistry {
  private readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  private issued = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  issue(appId: string): string {
    const token = `sandbox-token-${appId}-${++this.issued}`;
    this.tokens.set(token, { appId, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** Checks an `Authorization: Bearer <token>` header. Messages never repeat the token. */
  check(header: string | undefined): TokenCheck {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) return { ok: false, message: 'authorization: a Bearer access token is required' };
    const entry = this.tokens.get(match[1] as string);
    if (entry === undefined) return { ok: false, message: 'authorization: unknown access token' };
    if (this.now() >= entry.expiresAt) return { ok: false, message: 'authorization: access token expired' };
    return { ok: true, appId: entry.appId };
  }

  clear(): void {
    this.tokens.clear();
  }
}
