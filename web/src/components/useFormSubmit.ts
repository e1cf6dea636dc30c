/** What every API-backed form keeps (busy flag, field errors, a form-level error) and the try/catch around its request. */
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiFieldErrors, errorMessage, zodFieldErrors, type FieldErrors } from '../lib/errors';

type Options = {
  /** Reshape the API's field errors before they are shown (e.g. server paths → the form's keys). */
  mapErrors?: (fields: FieldErrors, err: unknown) => FieldErrors;
};

export function useFormSubmit({ mapErrors }: Options = {}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  /** Checks `body` against a shared schema before sending; if it fails, the issues appear beside the fields. */
  function valid(schema: z.ZodType, body: unknown): boolean {
    const parsed = schema.safeParse(body);
    if (!parsed.success) setErrors(zodFieldErrors(t, parsed.error));
    return parsed.success;
  }

  /**
   * Clears old errors and runs the request (and whatever follows success: notification, closing).
   * If it throws, the API's `details` appear beside the fields and its message above them.
   */
  async function run(action: () => Promise<void>): Promise<void> {
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      await action();
    } catch (err) {
      const fields = apiFieldErrors(t, err);
      setErrors(mapErrors ? mapErrors(fields, err) : fields);
      setFormError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  return { busy, errors, setErrors, formError, valid, run, reset };
}

/** `<form onSubmit={submitHandler(save)} noValidate>`: no page reload; the form validates itself. */
export const submitHandler = (save: () => unknown) => (e: FormEvent) => {
  e.preventDefault();
  void save();
};
