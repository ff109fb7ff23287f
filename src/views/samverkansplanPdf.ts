import PDFDocument from 'pdfkit';

import type { SamverkansplanForIndividual } from '../services/samverkansplan.js';
import { caseSv } from '../ui/caseViewTexts.sv.js';
import { planContent } from './samverkansplan.js';

const t = caseSv.plan;

/**
 * The samverkansplan for the individual as an A4 PDF with the same content as the print page (before a plan is
 * decided: the same notice). Built-in Helvetica, which covers å, ä and ö. Steps are written as lines so long steps
 * wrap instead of being cut.
 */
export async function samverkansplanPdf(
  caseId: string,
  plan: SamverkansplanForIndividual | undefined,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: t.pageTitle(caseId), Author: 'Samverkan' },
    lang: 'sv-SE',
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 100;
  if (!plan) {
    // no plan yet: the same answer as the print page, not an error
    doc.font('Helvetica-Bold').fontSize(20).text(t.pageTitle(caseId));
    doc.moveDown().font('Helvetica').fontSize(11).text(t.noPlan, { width });
    doc.end();
    return done;
  }
  const c = planContent(plan);
  doc.font('Helvetica-Bold').fontSize(20).text(c.title);
  doc.moveDown(0.5).font('Helvetica').fontSize(11).text(c.intro, { width });
  doc.moveDown();
  for (const [k, v] of c.facts)
    doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);
  const section = (heading: string, lines: string[], none: string) => {
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text(heading);
    doc.moveDown(0.3).font('Helvetica').fontSize(11);
    if (!lines.length) doc.text(none, { width });
    for (const line of lines) doc.text(`•  ${line}`, { width, indent: 0, paragraphGap: 4 });
  };
  section(
    t.yourSteps,
    c.own.map((s) => (s.when ? `${s.what} (${t.stepWhen.toLowerCase()} ${s.when})` : s.what)),
    t.yourStepsNone,
  );
  section(
    t.partySteps,
    c.parties.map((s) => `${s.who}: ${s.what}${s.when ? ` (${t.stepWhen.toLowerCase()} ${s.when})` : ''}`),
    t.partyStepsNone,
  );
  doc.moveDown(1.5).fontSize(10).text(t.footer, { width });
  doc.end();
  return done;
}
