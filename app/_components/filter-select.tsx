/** One `<select>` of a GET filter form: "any" first (the empty value), then the options; keeps the chosen value. */
export function FilterSelect({ label, name, any, value, options }: { label: string; name: string; any: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ''}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
