import { parse } from 'csv-parse/sync';

import { toExcelCsv } from '../../src/services/csv.js';

describe('CSV for Swedish Excel', () => {
  test('when rows are written, then the file has a BOM, semicolons, CRLF and decimal commas, and reads back as written', () => {
    // when
    const csv = toExcelCsv([
      ['Verksamhet', 'Antal', 'Medel (dagar)', 'Tid'],
      ['Umeå kommun, försörjningsstöd (slussen)', 5, 6.6, new Date('2026-07-01T12:05:09Z')],
      ['Vuxentorget; Vännäs', -0.8, null, undefined],
    ]);
    // then
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Verksamhet;Antal;Medel (dagar);Tid',
      'Umeå kommun, försörjningsstöd (slussen);5;6,6;2026-07-01 14:05:09',
      '"Vuxentorget; Vännäs";-0,8;;',
      '',
    ]);
    expect(parse(csv, { bom: true, delimiter: ';' })).toEqual([
      ['Verksamhet', 'Antal', 'Medel (dagar)', 'Tid'],
      ['Umeå kommun, försörjningsstöd (slussen)', '5', '6,6', '2026-07-01 14:05:09'],
      ['Vuxentorget; Vännäs', '-0,8', '', ''],
    ]);
  });

  test('when a text cell would run as a spreadsheet formula, then it gets a leading apostrophe; numbers stay numbers', () => {
    const [, row] = parse(
      toExcelCsv([
        ['a', 'b', 'c', 'd', 'e'],
        ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -3],
      ]),
      { bom: true, delimiter: ';' },
    ) as string[][];
    expect(row).toEqual([`'=HYPERLINK("x")`, `'+1`, `'-2`, `'@SUM(A1)`, '-3']);
  });
});
