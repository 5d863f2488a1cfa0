import type { AuthEvent } from '@authtrail/contracts';

/** Indexed copies of the fields audit queries filter on most (not covered by the hash). */
export interface SearchColumns {
  sessionId: string | null;
  username: string | null;
  origin: string | null;
}

export function searchColumns(event: AuthEvent): SearchColumns {
  switch (event.kind) {
    case 'login': {
      const username = event.session.credentials_data.username;
      return {
        sessionId: event.session.id,
        username: typeof username === 'string' ? username : null,
        origin: event.session.origin,
      };
    }
    case 'logout':
    case 'terminate':
      return { sessionId: event.session.id, username: null, origin: null };
    case 'login_failed': {
      const username = event.credentials_data.username;
      return {
        sessionId: null,
        username: typeof username === 'string' ? username : null,
        origin: event.origin,
      };
    }
    case 'boot':
      return { sessionId: null, username: null, origin: null };
  }
}
