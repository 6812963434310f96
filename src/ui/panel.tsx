/** A titled panel region (a landmark with a heading), the building block of the side panels. */
import type { ReactNode } from 'react';

export function Panel({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="panel-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
