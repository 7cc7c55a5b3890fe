import type { KeyboardEvent, ReactNode } from 'react';

/** One fieldset of the scanning settings. */
export function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return <fieldset className="section" data-testid={testId}><legend>{title}</legend>{children}</fieldset>;
}

/** onKeyDown for an "add" field: Enter adds (and does not submit anything else). */
export const enterAdds = (fn: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter' && !e.ctrlKey && !e.altKey && !e.nativeEvent.isComposing) { e.preventDefault(); fn(); }
};
