import { aktualiseringFormFields } from '../../support/builders.js';
import type { TestApp } from './useApp.js';
import type { WebClient } from './webClient.js';

/** The options of one submitted aktualisering: form fields to change, and parties added to the samtycke beside AF. */
export interface AktualiseringSubmit {
  fields?: Record<string, string>;
  moreParties?: string[];
}

/**
 * `client` (a logged-in user) submits the aktualisering start form of `verksamhet` through the app, as the browser does; returns the
 * stored case row. Fails unless the app answers with the redirect to the new case. The instance is cancelled after
 * the file's tests.
 */
export async function submitAktualisering(
  app: TestApp,
  client: WebClient,
  verksamhet: string,
  { fields = {}, moreParties = [] }: AktualiseringSubmit = {},
): Promise<{ case_id: string; process_instance_key: string } & Record<string, unknown>> {
  const path = `/aktualisera/${verksamhet}`;
  const form = new URLSearchParams(aktualiseringFormFields(await client.csrfFrom(path), fields));
  for (const party of moreParties) form.append('parties', party);
  const res = await client.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (res.status !== 303) throw new Error(`aktualisering answered ${res.status}, not the redirect to the new case`);
  const caseId = res.headers.get('location')!.split('/').pop()!;
  const row = await app.db('cases').where({ case_id: caseId }).first();
  app.cancelAfterAll(String(row.process_instance_key));
  return { ...row, process_instance_key: String(row.process_instance_key) };
}
