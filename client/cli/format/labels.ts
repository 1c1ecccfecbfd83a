/** `label:` padded so values line up: the status text's one layout. */
export function labelled(rows: [label: string, value: string][]): string[] {
  const width = Math.max(15, ...rows.map(([label]) => label.length + 1)) + 1;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
}
