import type { TaskPreview } from '@/lib/tasks/preview';

const TRUNCATE = 80;

function Cell({ value, role, imageUrl }: { value: string | null; role: string; imageUrl: (name: string) => string }) {
  if (value === null) return <span className="muted">—</span>;
  if (role === 'image') {
    return (
      <img src={imageUrl(value)} alt={value} title={value} loading="lazy" className="thumb" data-testid="preview-thumb" />
    );
  }
  if (value.length > TRUNCATE) {
    return (
      <details className="cell-more" data-testid="preview-long">
        <summary>{value.slice(0, TRUNCATE)}…</summary>
        {value}
      </details>
    );
  }
  return <>{value}</>;
}

/** The first rows of each published table and, for classification with images, a few images per class. */
export function DataPreview({ preview, imageUrl }: { preview: TaskPreview; imageUrl: (name: string) => string }) {
  return (
    <section aria-labelledby="preview" data-testid="data-preview">
      <h3 id="preview">Preview</h3>
      {preview.tables.map((t) => (
        <div key={t.file} className="stack" style={{ marginBottom: '1rem' }}>
          <p className="small">
            <strong>{t.file}</strong> <span className="muted">— the first {t.rows.length} rows</span>
          </p>
          <div className="table-wrap">
            <table data-testid={`preview-${t.file}`} className="preview">
              <thead>
                <tr>
                  {t.columns.map((c) => (
                    <th key={c.name} title={c.role ? `role: ${c.role}` : undefined}>
                      {c.name}
                      {c.role && <div className="muted small" style={{ fontWeight: 400, textTransform: 'none' }}>{c.role}</div>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.rows.map((r, i) => (
                  <tr key={i}>
                    {t.columns.map((c, j) => (
                      <td key={c.name} className={c.role === 'numeric' ? 'num' : undefined}>
                        <Cell value={r[j] ?? null} role={c.role} imageUrl={imageUrl} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {preview.gallery && (
        <div data-testid="preview-gallery">
          <p className="small">
            <strong>Images per class</strong> <span className="muted">— from the first rows of train.csv, column {preview.gallery.column}</span>
          </p>
          <div className="gallery">
            {preview.gallery.classes.map((c) => (
              <figure key={c.label} data-class={c.label}>
                <figcaption>{c.label}</figcaption>
                <div className="row" style={{ gap: '.3rem' }}>
                  {c.images.length === 0 && <span className="muted small">none in the first rows</span>}
                  {c.images.map((img) => (
                    <img key={img} src={imageUrl(img)} alt={`${c.label}: ${img}`} title={img} loading="lazy" className="thumb" />
                  ))}
                </div>
              </figure>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
