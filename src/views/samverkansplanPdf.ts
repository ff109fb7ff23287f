import PDFDocument from 'pdfkit';
import { caseSv } from '../ui/caseViewTexts.sv.js';
import { planContent } from './samverkansplan.js';
import type { SamverkansplanForIndividual } from '../services/samverkansplan.js';

const t = caseSv.plan;

/**
 * The samverkansplan for the individual as an A4 PDF with the same content as the print page (built-in Helvetica,
 * which covers å, ä and ö). Tables are written as lines so long steps wrap instead of being cut.
 */
export async function samverkansplanPdf(plan: SamverkansplanForIndividual): Promise<Buffer> {
  const c = planContent(plan);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: t.pageTitle(plan.caseId), Author: 'Samverkan' }, lang: 'sv-SE', displayTitle: true } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 100;
  doc.font('Helvetica-Bold').fontSize(20).text(c.title);
  doc.moveDown(0.5).font('Helvetica').fontSize(11).text(c.intro, { width });
  doc.moveDown();
  for (const [k, v] of c.facts) doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);
  const section = (heading: string, lines: string[], none: string) => {
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text(heading);
    doc.moveDown(0.3).font('Helvetica').fontSize(11);
    if (!lines.length) doc.text(none, { width });
    for (const line of lines) doc.text(`•  ${line}`, { width, indent: 0, paragraphGap: 4 });
  };
  section(t.yourSteps, c.own.map((s) => (s.when ? `${s.what} (${t.stepWhen.toLowerCase()} ${s.when})` : s.what)), t.yourStepsNone);
  section(t.partySteps, c.parties.map((s) => `${s.who}: ${s.what}${s.when ? ` (${t.stepWhen.toLowerCase()} ${s.when})` : ''}`), t.partyStepsNone);
  doc.moveDown(1.5).fontSize(10).text(t.footer, { width });
  doc.end();
  return done;
}
