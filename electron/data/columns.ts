/** Column names as a data scientist needs them: present, unique, and every change reported. */

export function uniqueColumnNames(raw: (string | null | undefined)[]): { names: string[]; renamed: { from: string; to: string }[] } {
  const names: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  raw.forEach((value, i) => {
    const original = (value ?? '').trim();
    let name = original || `column_${i + 1}`;
    if (taken.has(name.toLowerCase())) {
      let n = 2;
      while (taken.has(`${name}_${n}`.toLowerCase())) n++;
      name = `${name}_${n}`;
    }
    taken.add(name.toLowerCase());
    names.push(name);
    if (name !== original) renamed.push({ from: original, to: name });
  });
  return { names, renamed };
}
