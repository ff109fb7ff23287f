import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';

import { type BokslutReport, type BokslutTable, finsamRows, RADER } from '../domain/bokslut.js';
import type { IndicatorResult } from '../domain/bokslutIndicators.js';
import { type CsvCell, toExcelCsv } from '../services/csv.js';
import { bokslutSv as t, indicatorName, indicatorOutcome, signalOf } from '../ui/bokslutTexts.sv.js';

const name = (table: BokslutTable) => t.verksamheter[table.verksamhet];
const procentOf = (row: object) => ('procent' in row ? (row.procent as number | null) : undefined);

/** The bokslut as an Excel workbook: one sheet per verksamhet (and totalt), plus the indicators. */
export async function bokslutXlsx(report: BokslutReport, indicators: readonly IndicatorResult[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Samverkan';
  for (const table of report.tables) {
    const ws = wb.addWorksheet(name(table).slice(0, 31));
    ws.addRow([t.tableCaption(name(table), report.period.label)]).font = { bold: true, size: 13 };
    const header = ws.addRow([t.columns.rad, t.columns.K, t.columns.M, t.columns.T, t.columns.procent]);
    header.font = { bold: true };
    for (const rad of RADER) {
      const row = table.rader[rad];
      const p = procentOf(row);
      // Percent cells hold the whole-number percentage as published, not a fraction: what is shown is what is checked.
      ws.addRow([t.rader[rad], row.K, row.M, row.T, p === undefined ? null : p === null ? '–' : p]);
    }
    ws.getColumn(1).width = 48;
    for (const c of [2, 3, 4, 5]) ws.getColumn(c).width = 10;
  }
  const ws = wb.addWorksheet(t.sheet.indicators);
  const c = t.indicators.columns;
  ws.addRow([c.verksamhet, c.indikator, c.utfall, c.mal, c.kalla, c.status]).font = { bold: true };
  for (const i of indicators) {
    const s = t.indicators.status[signalOf(i)];
    ws.addRow([
      t.verksamheter[i.verksamhet],
      indicatorName(i),
      indicatorOutcome(i),
      t.indicators.target(i.target, i.unit),
      t.indicators.sources[i.source],
      `${s.symbol} ${s.text}`,
    ]);
  }
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 60;
  ws.getColumn(3).width = 20;
  ws.getColumn(4).width = 24;
  ws.getColumn(5).width = 18;
  ws.getColumn(6).width = 18;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The bokslut as a printable A4 PDF. The built-in Helvetica has no check marks, so signals are words
 * (Uppnått / Ej uppnått), which also reads without colour.
 */
export async function bokslutPdf(
  report: BokslutReport,
  indicators: readonly IndicatorResult[],
  { generatedOn }: { generatedOn: string },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${t.title} ${report.period.label}`, Author: 'Samverkan' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const x = [40, 330, 385, 440, 495];
  const rowHeight = 15;
  doc.font('Helvetica-Bold').fontSize(16).text(`${t.title} ${report.period.label}`);
  doc.font('Helvetica').fontSize(9).text(t.pdf.generated(generatedOn)).moveDown();
  for (const table of report.tables) {
    if (doc.y > 640) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12).text(name(table), x[0]!, doc.y);
    const line = (cells: string[], bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((cell, i) => doc.text(cell, x[i]!, y, i === 0 ? { width: 280 } : { width: 50, align: 'right' }));
      doc.y = y + rowHeight;
    };
    line([t.columns.rad, t.columns.K, t.columns.M, t.columns.T, t.columns.procent], true);
    for (const rad of RADER) {
      const row = table.rader[rad];
      const p = procentOf(row);
      line([
        t.rader[rad],
        String(row.K),
        String(row.M),
        String(row.T),
        p === undefined ? '' : p === null ? '–' : `${p} %`,
      ]);
    }
    doc.moveDown();
  }
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text(t.indicators.heading, x[0]!, doc.y).moveDown(0.5);
  for (const i of indicators) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        `${t.verksamheter[i.verksamhet]}: ${indicatorName(i)}: ${indicatorOutcome(i)}; mål ${t.indicators.target(i.target, i.unit)}; ${t.indicators.status[signalOf(i)].text}`,
      );
  }
  doc.moveDown().fontSize(8).text(t.percentNote);
  doc.end();
  return done;
}

/** The bokslut tables as long CSV (one line per verksamhet and row), Swedish column names and labels. */
export function bokslutCsv(report: BokslutReport): string {
  const c = t.csv.bokslut;
  const rows: CsvCell[][] = [[c.from, c.to, c.verksamhet, c.rad, c.K, c.M, c.T, c.procent]];
  for (const table of report.tables) {
    for (const rad of RADER) {
      const r = table.rader[rad];
      rows.push([
        report.period.from,
        report.period.to,
        t.verksamheter[table.verksamhet],
        t.rader[rad],
        r.K,
        r.M,
        r.T,
        'procent' in r ? r.procent : null,
      ]);
    }
  }
  return toExcelCsv(rows);
}

/**
 * The Uppföljning Finsam export: participants per insats, period and kön; no personal data, and every count
 * below 5 written "<5" because the file leaves the förbund (docs/bokslut.md).
 */
export function finsamCsv(report: BokslutReport): string {
  const c = t.csv.finsam;
  const rows: CsvCell[][] = [[c.insats, c.from, c.to, c.kon, c.deltagare, c.nya, c.avslutade]];
  for (const r of finsamRows(report))
    rows.push([t.verksamheter[r.insats], r.periodFrom, r.periodTo, t.kon[r.kon], r.deltagare, r.nya, r.avslutade]);
  return toExcelCsv(rows);
}
