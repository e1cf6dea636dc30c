import { Alert } from '@mantine/core';

/** The form-level error above a form's fields (nothing when there is none). */
export function FormErrorAlert({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return <Alert color="red" variant="light" data-testid={testId}>{error}</Alert>;
}
