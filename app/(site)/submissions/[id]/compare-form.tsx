/** A plain GET form: pick another scored submission of the team to compare with. */
export function CompareForm({ id, others }: { id: string; others: { id: string; label: string }[] }) {
  if (others.length === 0) return null;
  return (
    <form action="/submissions/compare" method="get" className="row" style={{ marginTop: '1rem' }}>
      <input type="hidden" name="a" value={id} />
      <label className="row" style={{ fontWeight: 400 }}>
        Compare with
        <select name="b" style={{ width: 'auto' }}>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary">
        Compare
      </button>
    </form>
  );
}
