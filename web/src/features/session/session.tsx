/** Who is signed in (GET /api/auth/me), what they may do, and their preferences saved on the server. */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Operation, PermObject } from '../../../../common/permissions';
import { api, ApiError, onUnauthenticated, setCsrfToken } from '../../api/client';
import type { Me, User, UserAnswer } from '../../api/types';
import { usePrefs, type Prefs } from '../../lib/prefs';

type SessionValue = {
  me: Me | null;
  loading: boolean;
  error: unknown;
  can: (object: PermObject, op: Operation) => boolean;
  isManager: boolean;
  savePreferences: (next: Partial<Prefs>) => Promise<void>;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);
const ME_KEY = ['me'];

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me', undefined, { quiet401: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { applyPrefs } = usePrefs();
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
  const me = query.data ?? null;

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    });
  }, [queryClient]);

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
    if (me) applyPrefs({ locale: me.user.locale, calendar: me.user.calendar, currency: me.user.currency, timeZone: me.user.timeZone });
  }, [me, applyPrefs]);

  const can = useCallback(
    (object: PermObject, op: Operation) => Boolean(me?.role.permissions[object]?.ops.includes(op)),
    [me],
  );

  const savePreferences = useCallback(async (next: Partial<Prefs>) => {
    applyPrefs(next);
    if (!me) return;
    const { user } = await api.patch<UserAnswer>('/auth/me/preferences', next);
    queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, user } : old));
  }, [applyPrefs, me, queryClient]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      // Not queryClient.clear(): it would drop the session query under its observer, which then keeps showing the
      // signed-in app. Set the session to none, then forget everything else.
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    }
  }, [queryClient]);

  const value = useMemo<SessionValue>(() => ({
    me,
    loading: query.isPending,
    error: query.error,
    can,
    // Team-wide task views belong to people who may delete tasks everywhere (admins and managers).
    isManager: Boolean(me?.role.permissions.tasks?.ops.includes('delete') && me.role.permissions.tasks.scope === 'all'),
    savePreferences,
    refresh,
    logout,
  }), [me, query.isPending, query.error, can, savePreferences, refresh, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** Inside the signed-in app the session is always there. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
