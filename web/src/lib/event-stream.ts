/**
 * The app's one connection to the server's event stream (`/api/events`): features subscribe to an event name and the
 * EventSource opens with the first subscriber and closes after the last one leaves. A browser allows only a few open
 * connections per server, so no feature opens its own.
 */
type Handler = (event: MessageEvent<string>) => void;

let source: EventSource | null = null;
const handlers = new Map<string, Set<Handler>>();
const dispatchers = new Map<string, EventListener>();

function attach(name: string) {
  if (!source || dispatchers.has(name)) return;
  const dispatch: EventListener = (event) => {
    for (const h of [...(handlers.get(name) ?? [])]) h(event as MessageEvent<string>);
  };
  dispatchers.set(name, dispatch);
  source.addEventListener(name, dispatch);
}

/**
 * Calls `handler` for each event called `name` (also `open`, which fires again after a reconnect: a feature that
 * keeps state from events refetches then, because events sent while disconnected are lost). Returns the unsubscribe.
 */
export function subscribeServerEvent(name: string, handler: Handler): () => void {
  if (!source) source = new EventSource('/api/events', { withCredentials: true });
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(handler);
  attach(name);
  return () => {
    set.delete(handler);
    if (set.size === 0) {
      handlers.delete(name);
      const dispatch = dispatchers.get(name);
      if (dispatch) source?.removeEventListener(name, dispatch);
      dispatchers.delete(name);
    }
    // EventSource reconnects by itself after a network drop; it is closed only when nobody listens any more.
    if (handlers.size === 0) {
      source?.close();
      source = null;
    }
  };
}
