// Line diff for comparing two process versions side by side (Myers' O(ND) algorithm; no dependency).

/** One row of a side-by-side diff; `left`/`right` carry 1-based line numbers. */
export interface DiffRow {
  kind: 'same' | 'removed' | 'added' | 'changed';
  left: { no: number; text: string } | null;
  right: { no: number; text: string } | null;
}

type Op = { op: 'same' | 'removed' | 'added'; a: number; b: number };

// Beyond this many differing lines the shortest edit script is not worth its memory (O(D²)); the middle part
// is then shown as replaced wholesale, which is still a correct (if not minimal) diff.
const MAX_EDIT_DISTANCE = 2000;

/** Shortest edit script between line arrays `a` and `b` (common prefix/suffix trimmed first). */
export function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ op: 'same', a: i, b: i });
  ops.push(...myers(a, b, start, endA, start, endB));
  for (let i = 0; i < a.length - endA; i++) ops.push({ op: 'same', a: endA + i, b: endB + i });
  return ops;
}

function myers(a: string[], b: string[], a0: number, a1: number, b0: number, b1: number): Op[] {
  const n = a1 - a0;
  const m = b1 - b0;
  const max = n + m;
  if (max === 0) return [];
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, MAX_EDIT_DISTANCE); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2)); // V before step d, for k in [-d-1, d+1]
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0) {
    return [
      ...Array.from({ length: n }, (_, i): Op => ({ op: 'removed', a: a0 + i, b: -1 })),
      ...Array.from({ length: m }, (_, i): Op => ({ op: 'added', a: -1, b: b0 + i })),
    ];
  }
  // Walk the trace backwards from (n, m) to (0, 0).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!; // V before step d; index k ↦ k + d + 1
    const at = (k: number) => prev[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ op: 'same', a: a0 + x, b: b0 + y });
    }
    if (x === prevX) ops.push({ op: 'added', a: -1, b: b0 + prevY });
    else ops.push({ op: 'removed', a: a0 + prevX, b: -1 });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ op: 'same', a: a0 + x, b: b0 + y });
  }
  return ops.reverse();
}

/** Side-by-side rows: a run of removals next to a run of additions is paired into `changed` rows. */
export function sideBySide(left: string, right: string): DiffRow[] {
  const a = left.replace(/\r\n/g, '\n').split('\n');
  const b = right.replace(/\r\n/g, '\n').split('\n');
  const ops = diffLines(a, b);
  const rows: DiffRow[] = [];
  for (let i = 0; i < ops.length; ) {
    const op = ops[i]!;
    if (op.op === 'same') {
      rows.push({ kind: 'same', left: { no: op.a + 1, text: a[op.a]! }, right: { no: op.b + 1, text: b[op.b]! } });
      i++;
      continue;
    }
    const removed: number[] = [];
    const added: number[] = [];
    while (i < ops.length && ops[i]!.op !== 'same') {
      const o = ops[i]!;
      if (o.op === 'removed') removed.push(o.a);
      else added.push(o.b);
      i++;
    }
    for (let j = 0; j < Math.max(removed.length, added.length); j++) {
      const ra = removed[j];
      const rb = added[j];
      rows.push({
        kind: ra !== undefined && rb !== undefined ? 'changed' : ra !== undefined ? 'removed' : 'added',
        left: ra !== undefined ? { no: ra + 1, text: a[ra]! } : null,
        right: rb !== undefined ? { no: rb + 1, text: b[rb]! } : null,
      });
    }
  }
  return rows;
}
