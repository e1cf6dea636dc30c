import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'cyan',
  primaryShade: 8,
  fontFamily: 'Vazirmatn, system-ui, sans-serif',
  headings: { fontFamily: 'Vazirmatn, system-ui, sans-serif', fontWeight: '700' },
  defaultRadius: 'md',
  // Someone who asked their system for less motion gets modals, menus and toasts without animation.
  respectReducedMotion: true,
  components: {
    Button: { defaultProps: { radius: 'md' } },
    // Upper-casing suits Latin acronyms but shouts English labels and means nothing in Persian.
    Badge: { styles: { root: { textTransform: 'none' } } },
  },
});
