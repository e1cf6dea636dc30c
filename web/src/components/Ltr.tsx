import type { ReactNode } from 'react';

/** Phones, emails and codes read left to right even inside Persian sentences. */
export function Ltr({ children }: { children: ReactNode }) {
  return <bdi className="ltr-island" dir="ltr">{children}</bdi>;
}
