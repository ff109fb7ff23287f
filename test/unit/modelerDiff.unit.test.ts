import fc from 'fast-check';
import { diffLines, sideBySide } from '../../src/services/modelerDiff.js';

/** Rebuilds both sides from an edit script, so a diff can be checked against its inputs. */
const replay = (ops: ReturnType<typeof diffLines>, a: string[], b: string[]) => ({
  left: ops.filter((o) => o.op !== 'added').map((o) => a[o.a]),
  right: ops.filter((o) => o.op !== 'removed').map((o) => b[o.b]),
});

describe('modeler line diff', () => {
  test('when one line is renamed, then one changed row pairs the old and the new line', () => {
    // given
    const before = '<a>\n<task name="Granska remiss" />\n</a>';
    const after = '<a>\n<task name="Granska ansökan" />\n</a>';
    // when
    const rows = sideBySide(before, after);
    // then
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same']);
    expect(rows[1]).toEqual({ kind: 'changed', left: { no: 2, text: '<task name="Granska remiss" />' }, right: { no: 2, text: '<task name="Granska ansökan" />' } });
  });

  test('when lines are inserted and removed, then line numbers follow each side', () => {
    const rows = sideBySide('a\nb\nc\nd', 'a\nc\nx\nd');
    expect(rows.filter((r) => r.kind !== 'same')).toEqual([
      { kind: 'removed', left: { no: 2, text: 'b' }, right: null },
      { kind: 'added', left: null, right: { no: 3, text: 'x' } },
    ]);
  });

  test('when any two texts are diffed, then the script replays both and its edits are minimal', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 25 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b);
        expect(replay(ops, a, b)).toEqual({ left: a, right: b });
        // minimal: edits == n + m - 2·LCS
        const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
        for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) lcs[i]![j] = a[i - 1] === b[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
        expect(ops.filter((o) => o.op !== 'same').length).toBe(a.length + b.length - 2 * lcs[a.length]![b.length]!);
      }),
    );
  });
});
