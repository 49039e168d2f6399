// Where an Alertmanager API path is, from ALERTMANAGER_URL: credentials in its user info become a basic-auth header
// (fetch refuses URLs with credentials) and never appear in a URL or a message.

/** The URL of `apiPath` (e.g. `/api/v2/silences`) under `base`, and its Authorization header if `base` has one. */
export function alertmanagerEndpoint(base: string, apiPath: string): { url: URL; authorization?: string } {
  const url = new URL(base);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${apiPath}`;
  return { url, ...(authorization ? { authorization } : {}) };
}

/** Where the Alertmanager is, without credentials: for messages. */
export function alertmanagerOrigin(base: string): string {
  return new URL(base).origin;
}
