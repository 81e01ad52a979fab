/**
 * The errors of the GitHub REST client (github-api.ts): PermissionError for what the token may
 * not do, GitHubApiError for any other failed call, and the classification of a raw HTTP error.
 */

/** The token may not do this: a fork PR's read-only token, missing `permissions:`, a bad token. */
export class PermissionError extends Error {
  override name = 'PermissionError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Any other failed API call. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { data?: { message?: string; errors?: unknown[] } };
}

/** "Validation Failed: Body is too long (maximum is 65536 characters)" */
function apiMessageOf(e: HttpErrorLike | undefined, err: unknown): string {
  const data = e?.response?.data;
  if (!data?.message) return e?.message ?? String(err);
  const details = (Array.isArray(data.errors) ? data.errors : [])
    .map((x) => (typeof x === 'string' ? x : (x as { message?: string })?.message))
    .filter((x): x is string => !!x);
  return details.length ? `${data.message}: ${details.join('; ')}` : data.message;
}

/**
 * 401, 403 (except rate limits) → PermissionError; 404 on a write → PermissionError too (GitHub
 * answers 404 rather than 403 on a private repository the token cannot write to); other → GitHubApiError.
 */
export function classifyError(err: unknown, what: string, write: boolean): Error {
  const e = err as HttpErrorLike;
  const status = typeof e?.status === 'number' ? e.status : 0;
  const apiMessage = apiMessageOf(e, err);
  const msg = `${what} failed (HTTP ${status || 'error'}): ${apiMessage}`;
  const rateLimited = /rate limit/i.test(apiMessage);
  if (status === 401 || (status === 403 && !rateLimited) || (status === 404 && write)) return new PermissionError(msg, status);
  return new GitHubApiError(msg, status);
}
