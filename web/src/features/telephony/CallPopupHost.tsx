/**
 * The screen-pop: a stack of call cards fixed at the bottom inline-end corner of every page. Its calls come from
 * GET /api/telephony/calls/active on mount (a reload restores them) and after a reconnect, then from `call` events on
 * the app's event stream. A call answered by someone else, one with notes saved, or one dismissed leaves the stack.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Anchor, Box, Paper, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { subscribeServerEvent } from '../../lib/event-stream';
import { useFormat } from '../../lib/format';
import { useMe, useSession } from '../session/session';
import { profileKey } from '../profile/profile.api';
import { askNotificationPermission, notificationPermission, notifyInBackground, playRing, type NotifyPermission } from './call-alerts';
import { CallCard } from './CallCard';
import { callApi, fetchActiveCalls, fetchCall, type CallView } from './telephony.api';

const MAX_CARDS = 4;

export function CallPopupHost() {
  const { can } = useSession();
  return can('interactions', 'read') ? <PopupStack /> : null;
}

/** Keeps what the new view lacks: lists and some events carry no match cards. */
function merge(prev: CallView | undefined, next: CallView): CallView {
  if (prev && next.matches.length === 0 && prev.matches.length > 0 && next.matchCount > 0) return { ...next, matches: prev.matches };
  return next;
}

function PopupStack() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const queryClient = useQueryClient();
  const [calls, setCalls] = useState<CallView[]>([]);
  const dismissed = useRef(new Set<string>());
  /** When an event last touched each call: a list fetched before that must not drop it. */
  const touched = useRef(new Map<string, number>());
  const [permission, setPermission] = useState<NotifyPermission>(notificationPermission);
  const meId = me.user.id;
  // Read through a ref so a language switch does not resubscribe: an event arriving mid-resubscribe would be lost.
  const words = useRef({ t, fmt });
  words.current = { t, fmt };

  /** Whether this user should (still) see the call. */
  const mine = useCallback((c: CallView) => !dismissed.current.has(c.id) && !c.notesSaved && !(c.agent && c.agent.id !== meId), [meId]);

  const apply = useCallback((view: CallView) => {
    touched.current.set(view.id, performance.now());
    setCalls((list) => {
      const i = list.findIndex((c) => c.id === view.id);
      if (!mine(view)) return i < 0 ? list : list.filter((c) => c.id !== view.id);
      if (i < 0) return [view, ...list];
      const copy = [...list];
      copy[i] = merge(list[i], view);
      return copy;
    });
    // Linking or saving notes changed the customer's timeline, tasks and phones.
    if (view.customer) {
      void queryClient.invalidateQueries({ queryKey: profileKey(view.customer.id) });
      void queryClient.invalidateQueries({ queryKey: ['timeline', view.customer.id] });
    }
    void queryClient.invalidateQueries({ queryKey: ['telephony', 'calls'] });
  }, [mine, queryClient]);

  const withCards = useCallback(async (view: CallView) => (view.matchCount > 0 && view.matches.length === 0 && !view.notesSaved ? fetchCall(view.id) : view), []);

  useEffect(() => {
    let alive = true;
    const load = () => {
      const asked = performance.now();
      return fetchActiveCalls()
        .then(async (list) => {
          const full = await Promise.all(list.filter(mine).map((c) => withCards(c).catch(() => c)));
          if (!alive) return;
          setCalls((current) => {
            // The answer replaces the stack, except for what events brought in after it was asked for.
            const newer = current.filter((c) => (touched.current.get(c.id) ?? 0) > asked);
            const fromList = full.filter((c) => (touched.current.get(c.id) ?? 0) <= asked).map((c) => merge(current.find((x) => x.id === c.id), c));
            return [...newer, ...fromList].filter(mine);
          });
        })
        .catch(() => undefined);
    };
    void load();
    const offOpen = subscribeServerEvent('open', () => void load());
    const offCall = subscribeServerEvent('call', (event) => {
      let data: (CallView & { partial?: boolean }) | null = null;
      try {
        data = JSON.parse(event.data) as CallView & { partial?: boolean };
      } catch {
        return;
      }
      if (!data?.id) return;
      const known = data.partial ? fetchCall(data.id) : withCards(data).catch(() => data);
      void known.then((view) => {
        if (!alive) return;
        // Only incoming calls ring here: on click-to-call the agent's own desk phone is what rings.
        if (view.status === 'ringing' && view.direction === 'in' && mine(view)) {
          playRing();
          const { t: tr, fmt: f } = words.current;
          const who = view.customer?.displayName ?? (view.matchCount === 1 ? view.matches[0]?.displayName : null) ?? f.phone(view.number);
          notifyInBackground(tr('telephony.notify.title'), who, view.id);
        }
        apply(view);
      }).catch(() => undefined);
    });
    return () => {
      alive = false;
      offOpen();
      offCall();
    };
  }, [apply, mine, withCards]);

  const dismiss = (id: string) => {
    dismissed.current.add(id);
    setCalls((list) => list.filter((c) => c.id !== id));
    void callApi.dismiss(id).catch(() => undefined);
  };

  if (calls.length === 0) return null;
  return (
    <Box
      data-testid="call-popups"
      role="region"
      aria-label={t('telephony.calls.title')}
      aria-live="polite"
      style={{ position: 'fixed', bottom: 16, insetInlineEnd: 16, zIndex: 150, width: 'min(370px, calc(100vw - 32px))', maxHeight: 'calc(100vh - 88px)', overflowY: 'auto' }}
    >
      <Stack gap="sm">
        {permission === 'default' && (
          <Paper shadow="xs" radius="xl" px="sm" py={2} withBorder style={{ alignSelf: 'flex-end' }}>
            <Anchor component="button" type="button" size="xs" title={t('telephony.notify.enableHint')} onClick={() => void askNotificationPermission().then(setPermission)} data-testid="call-enable-notifications">
              {t('telephony.notify.enable')}
            </Anchor>
          </Paper>
        )}
        {calls.slice(0, MAX_CARDS).map((c) => <CallCard key={c.id} call={c} onChange={apply} onDismiss={() => dismiss(c.id)} />)}
        {calls.length > MAX_CARDS && <Text size="xs" c="dimmed" ta="center">{t('telephony.moreCalls', { n: fmt.number(calls.length - MAX_CARDS), count: calls.length - MAX_CARDS })}</Text>}
      </Stack>
    </Box>
  );
}
