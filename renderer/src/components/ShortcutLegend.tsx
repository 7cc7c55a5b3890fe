/**
 * The visible list of keys, so nobody has to remember them. A third element says why a key does nothing now
 * (shown with the key, which is marked unavailable).
 */
export function ShortcutLegend({ items }: { items: Array<[string, string] | [string, string, string | null]> }) {
  return (
    <ul className="shortcut-legend" aria-label="Phím tắt">
      {items.map(([key, label, unavailable]) => (
        <li key={key} className={unavailable ? 'unavailable' : undefined} aria-disabled={unavailable ? true : undefined} data-key={key}>
          <kbd>{key}</kbd> {label}{unavailable ? ` (${unavailable})` : ''}
        </li>
      ))}
    </ul>
  );
}
