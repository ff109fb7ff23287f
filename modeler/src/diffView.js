// Side-by-side rendering of the server's line diff (GET /api/modeler/diff).

const cell = (tag, cls, text) => Object.assign(document.createElement(tag), { className: cls, textContent: text ?? '' });
const el = (tag, cls, ...children) => {
  const node = Object.assign(document.createElement(tag), { className: cls });
  node.append(...children);
  return node;
};

/** Renders diff rows ({ kind, left, right }) into `container` as a two-column table; unchanged runs are folded. */
export function renderDiff(container, { rows }, { title, sameText }) {
  container.replaceChildren(cell('h3', 'mdl-diff-title', title));
  if (!rows.some((r) => r.kind !== 'same')) {
    container.append(cell('p', 'mdl-diff-same', sameText));
    return;
  }
  const table = document.createElement('table');
  table.className = 'mdl-diff';
  // fixed layout takes its widths from the first row, which may be a folded run: declare the columns instead
  const widths = ['3.5rem', 'calc(50% - 3.5rem)', '3.5rem', 'calc(50% - 3.5rem)'];
  table.append(el('colgroup', '', ...widths.map((w) => Object.assign(el('col', ''), { style: `width: ${w}` }))));
  const CONTEXT = 3;
  const near = rows.map((_, i) => rows.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((r) => r.kind !== 'same'));
  let folded = 0;
  const flushFold = () => {
    if (!folded) return;
    const tr = document.createElement('tr');
    tr.className = 'mdl-diff-fold';
    const td = cell('td', '', `… ${folded} oförändrade rader …`);
    td.colSpan = 4;
    tr.append(td);
    table.append(tr);
    folded = 0;
  };
  rows.forEach((row, i) => {
    if (!near[i]) {
      folded += 1;
      return;
    }
    flushFold();
    const tr = document.createElement('tr');
    tr.className = `mdl-diff-${row.kind}`;
    tr.append(
      cell('td', 'mdl-diff-no', row.left?.no),
      cell('td', 'mdl-diff-left', row.left?.text),
      cell('td', 'mdl-diff-no', row.right?.no),
      cell('td', 'mdl-diff-right', row.right?.text),
    );
    table.append(tr);
  });
  flushFold();
  container.append(table);
}
