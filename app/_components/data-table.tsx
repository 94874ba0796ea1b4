import type { ReactNode } from 'react';

/** A column head: its text, or the text with a class (`num` right-aligns) and a key when the text is not unique. */
export type Column = string | { label: ReactNode; className?: string; key?: string };

/**
 * The site's table: a horizontally scrolling wrapper (`.table-wrap`, so a wide table never pushes the page wider
 * than a phone), one header row from `columns` ('' for a column without a head) and the rows as children.
 */
export function DataTable({ columns, children, testId }: { columns: readonly Column[]; children: ReactNode; testId?: string }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) =>
              typeof c === 'string' ? (
                <th key={`${i}:${c}`}>{c || null}</th>
              ) : (
                <th key={c.key ?? `${i}`} className={c.className}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
