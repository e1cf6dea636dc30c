/** The one way the app talks to /api: JSON in and out, CSRF header on writes, typed errors, 401 → login. */

export type ErrorDetails = Record<string, unknown> | undefined;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails,
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | boolean | null | undefined | string[];
export type Query = Record<string, QueryValue>;

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when any request (other than the session probe itself) answers 401: the session is gone. */
export function onUnauthenticated(handler: () => void) {
  unauthenticatedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

type Options = { query?: Query; body?: unknown; signal?: AbortSignal; quiet401?: boolean; raw?: Blob };

async function request<T>(method: string, path: string, { query, body, signal, quiet401, raw }: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // A file sent as the body itself (imports): its bytes untouched, whatever their encoding.
  if (raw) headers['Content-Type'] = raw.type || 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message, undefined);
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;

  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: ErrorDetails } } | undefined)?.error;
    const retryHeader = Number(res.headers.get('Retry-After'));
    const retryDetail = Number((error?.details as { retryAfterSec?: number } | undefined)?.retryAfterSec);
    const apiError = new ApiError(
      res.status,
      error?.code ?? `HTTP_${res.status}`,
      error?.message ?? res.statusText,
      error?.details,
      retryDetail || retryHeader || undefined,
    );
    if (res.status === 401 && !quiet401) unauthenticatedHandler?.();
    throw apiError;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: Omit<Options, 'query' | 'body'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<Options, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** POST a file as the raw body (not multipart). */
  upload: <T>(path: string, file: Blob, query?: Query) => request<T>('POST', path, { query, raw: file }),
  delete: (path: string) => request<void>('DELETE', path),
};
