/** A chart drawn on the server (app/_lib/charts.ts) with its caption; the SVG scales down to the page width. */
export function Chart({ svg, caption, testId }: { svg: string; caption?: React.ReactNode; testId: string }) {
  if (!svg) return null;
  return (
    <figure className="chart" data-testid={testId}>
      <div dangerouslySetInnerHTML={{ __html: svg }} />
      {caption && <figcaption className="muted small">{caption}</figcaption>}
    </figure>
  );
}
