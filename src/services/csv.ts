import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV file the app hands to a user, written in one way so it opens correctly in Swedish Excel: UTF-8 with a
 * byte order mark (Excel then reads å, ä, ö), semicolon as separator (Swedish Excel's list separator; the comma is
 * the decimal sign), CRLF line ends, decimals with a comma, dates and times as text. Cells that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or CR) get a leading apostrophe (CSV injection); numbers are
 * written as numbers, so a negative count or change stays a number.
 */

export type CsvCell = string | number | boolean | Date | null | undefined;

/** Local time as on the pages: `2026-12-01 14:05:09` in Europe/Stockholm. */
const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  dateStyle: 'short',
  timeStyle: 'medium',
});
export const csvDateTime = (d: Date): string => stockholm.format(d);

const FORMULA_START = /^[=+\-@\t\r]/;

/** Rows (the first is the header) as one Excel-ready CSV document. */
export function toExcelCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    cast: {
      number: (n) => String(n).replace('.', ','),
      boolean: (b) => (b ? 'ja' : 'nej'),
      date: (d) => csvDateTime(d),
      string: (s) => (FORMULA_START.test(s) ? `'${s}` : s),
    },
  });
}
