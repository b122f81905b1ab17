/**
 * `/api/public/v0/auth_token`: the only Heap call that proves an app_id belongs to the caller.
 * HTTP Basic `app_id:api_key`; 200 with an access token when the pair is configured, else 401.
 */
export type AuthOutcome = { ok: true; appId: string } | { ok: false; message: string };

export function checkBasicAuth(header: string | undefined, apiKeys: Readonly<Record<string, string>>): AuthOutcome {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return { ok: false, message: 'authorization: HTTP Basic credentials app_id:api_key are required' };
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, message: 'authorization: HTTP Basic credentials app_id:api_key are required' };
  const appId = decoded.slice(0, colon);
  const apiKey = decoded.slice(colon + 1);
  // hasOwn: an app_id such as "constructor" must not find Object.prototype's members.
  if (!Object.hasOwn(apiKeys, appId) || apiKeys[appId] !== apiKey) {
    return { ok: false, message: 'authorization: app_id and api_key do not match' };
  }
  return { ok: true, appId };
}
