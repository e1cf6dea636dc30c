import { DirectionProvider, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api/client';
import { PrefsProvider, initialLocale } from './lib/prefs';
import { SessionProvider } from './features/session/session';
import { AppRoutes } from './AppRoutes';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 20_000,
      refetchOnWindowFocus: false,
      // A 4xx will not fix itself by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <DirectionProvider initialDirection={initialLocale() === 'fa' ? 'rtl' : 'ltr'} detectDirection={false}>
      <MantineProvider theme={theme}>
        <PrefsProvider>
          <ModalsProvider>
            <Notifications position="top-center" />
            <QueryClientProvider client={queryClient}>
              <BrowserRouter>
                <SessionProvider>
                  <AppRoutes />
                </SessionProvider>
              </BrowserRouter>
            </QueryClientProvider>
          </ModalsProvider>
        </PrefsProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}
