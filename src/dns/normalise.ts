// Domain names as the evidence stores them: lower-case (DNS compares names
// case-insensitively, RFC 4343), no trailing dot; the root itself is '.'.

export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  if (lower === '' || lower === '.') return '.';
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Why a name cannot go on the wire (RFC 1035 §2.3.4 limits), or null when it can. */
export function nameEncodingProblem(name: string): string | null {
  if (name === '.') return null;
  if (Buffer.byteLength(name) > 253) return 'name longer than 253 octets';
  for (const label of name.split('.')) {
    if (label === '') return 'empty label';
    if (Buffer.byteLength(label) > 63) return `label "${label.slice(0, 20)}…" longer than 63 octets`;
  }
  return null;
}
