import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'cyan',
  primaryShade: 8,
  fontFamily: 'Vazirmatn, system-ui, sans-serif',
  headings: { fontFamily: 'Vazirmatn, system-ui, sans-serif', fontWeight: '700' },
  defaultRadius: 'md',
  components: {
    Button: { defaultProps: { radius: 'md' } },
  },
});
