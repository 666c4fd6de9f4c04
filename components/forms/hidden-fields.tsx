/** Hidden fields a shared form carries for its caller (the portal's `org`). */
export type Hidden = Record<string, string>;

export function HiddenFields({ hidden }: { hidden: Hidden }) {
  return Object.entries(hidden).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
}
