/** The visible list of keys, so nobody has to remember them. */
export function ShortcutLegend({ items }: { items: Array<[string, string]> }) {
  return (
    <ul className="shortcut-legend" aria-label="Phím tắt">
      {items.map(([key, label]) => <li key={key}><kbd>{key}</kbd> {label}</li>)}
    </ul>
  );
}
