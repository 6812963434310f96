/** A titled panel region (a landmark with a heading), the building block of the side panels. */
import type { ReactNode } from 'react';

export function Panel({ id, title, children, className, live }: { id: string; title: string; children: ReactNode; className?: string; live?: boolean }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={`${id}-title`} aria-live={live === true ? 'polite' : undefined} data-testid={id}>
      <h2 id={`${id}-title`} className="panel-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
