/** The console's data endpoints: JSON over fetch, errors as the server words them. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the server says the sign-in is missing or over. */
let onSignedOut: (message: string) => void = () => undefined;

export function whenSignedOut(handler: (message: string) => void): void {
  onSignedOut = handler;
}

export const API = '/console/api';

/** GETs `path` with `params` (empty ones left out); throws ApiError with the server's message. */
export async function get<T>(
  path: string,
  params: Record<string, string | number> = {},
): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== '' && value !== undefined) query.set(name, String(value));
  }
  const text = query.toString();
  return answer<T>(
    await fetch(`${API}/${path}${text ? `?${text}` : ''}`, { credentials: 'same-origin' }),
  );
}

export async function post(path: string, body: unknown): Promise<void> {
  await answer(
    await fetch(`${API}/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
    path !== 'sign-in',
  );
}

async function answer<T>(response: Response, signOutOn401 = true): Promise<T> {
  if (response.status === 204) return undefined as T;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, `the service answered ${response.status} without data`);
  }
  if (!response.ok) {
    const { error, errors } = body as { error?: string; errors?: [string, string, number][] };
    const details = errors?.map(([where, what]) => `${where}: ${what}`).join('; ');
    const message =
      (error ?? `the service answered ${response.status}`) + (details ? ` (${details})` : '');
    if (response.status === 401 && signOutOn401) onSignedOut(message);
    throw new ApiError(response.status, message);
  }
  return body as T;
}

/** The error's message for the page. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
