import type { Page } from 'playwright-core';

import { startEtablering } from '../../src/services/cases.js';
import { referCase, testPersonnummer, validReferral } from '../support/caseFixtures.js';
import { eventually, instanceIsActive } from '../support/harness.js';
import { screenshot } from './support/browser.js';
import { useBrowserApp, wallClockIsoDay } from './support/browserApp.js';
import { completeViaApi, errorSummaryFocused, openTask, submit } from './support/casework.js';

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
const shortDate = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(iso));

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

describe('e2e: the case view and the samverkansplan for the individual', () => {
  const { app, as, a11y, isoDaysFromNow } = useBrowserApp();
  const { db, engine } = app;

  const rectOf = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((e) => e.getBoundingClientRect().toJSON() as Rect);

  test('when a handläggare submits the aktualisering form with errors, then the focus is on the error summary', async () => {
    // given
    const page = await as('psykiatri.handlaggare');
    await page.goto(`${app.baseUrl}/aktualisera/vuxentorget`);
    // when: sent empty
    await submit(page, page.getByRole('button', { name: 'Skicka aktualiseringen' }));
    // then
    expect(await errorSummaryFocused(page)).toBe(true);
    expect(await page.locator('#error-summary a').count()).toBeGreaterThan(0);
    await a11y(page, 'case-view-01-aktualisering-fel-fokus');
  });

  test('when a case runs from beredning to avslut, then the case view shows kartläggning, a readable diagram and the plan for the individual, and after avslut the case is ended', async () => {
    // given: Region psykiatri aktualiserar with samtycke for psykiatri, AF and försörjningsstöd
    const pnr = testPersonnummer(1988);
    const { caseId, pik } = await referCase(
      { db, engine },
      validReferral({
        person: { personnummer: pnr },
        referringOrg: 'region-psykiatri',
        referringUser: 'psykiatri.handlaggare',
        consent: {
          parties: ['region-psykiatri', 'af', 'umea-fsd'],
          dataCategories: ['kartlaggning', 'planering'],
          validFrom: wallClockIsoDay(-1),
          validTo: isoDaysFromNow(365),
          signedCopyGiven: true,
          textVersion: '2026-1',
        },
      }),
    );
    await openTask(db, caseId, 'UserTask_DecideBeredning', 'beredning-umea-vuxen');
    const { meeting_date: meetingDate } = await db('beredning_agenda')
      .where({ case_id: caseId, group_code: 'umea-vuxen' })
      .first();

    // when: the samordnare says nej without motivering
    const samordnare = await as('samordnare');
    await samordnare.goto(`${app.baseUrl}/beredning?grupp=umea-vuxen&datum=${meetingDate}`);
    await samordnare.locator(`#arende-${caseId}`).getByLabel('Nej', { exact: true }).check();
    await submit(samordnare, samordnare.getByRole('button', { name: `Spara beslut för ${caseId}` }));
    // then: the error summary of that case's form has the focus and links to the field
    expect(await errorSummaryFocused(samordnare)).toBe(true);
    expect(await samordnare.locator(`#arende-${caseId} .error-summary a[href="#motivering-${caseId}"]`).count()).toBe(
      1,
    );
    await a11y(samordnare, 'case-view-02-beredning-fel-fokus');
    // when: ja instead
    await samordnare.locator(`#arende-${caseId}`).getByLabel('Ja, till samordningsteamet').check();
    await submit(samordnare, samordnare.getByRole('button', { name: `Spara beslut för ${caseId}` }));
    expect(await samordnare.locator('.flash').allInnerTexts()).toEqual([`Beslutet för ${caseId} är registrerat: ja.`]);

    // when: AF has given its kartläggning, the others not yet
    const referrer = await as('psykiatri.handlaggare');
    const af = await as('af.handlaggare');
    const fsd = await as('fsd.handlaggare');
    const forAf = await openTask(db, caseId, 'UserTask_ContributeKartlaggning', 'af');
    const mine = await openTask(db, caseId, 'UserTask_ContributeKartlaggning', 'region-psykiatri');
    const forFsd = await openTask(db, caseId, 'UserTask_ContributeKartlaggning', 'umea-fsd');
    await completeViaApi(af, app.baseUrl, forAf.task_id, {
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    });
    await eventually(async () => (await db('tasks').where({ task_id: forAf.task_id }).first())?.state === 'completed', {
      what: 'AF contribution completed in the read model',
    });
    await referrer.goto(`${app.baseUrl}/arenden/${caseId}`);
    // then: each party's contribution is shown
    const kartlaggning = referrer.locator('table[aria-labelledby="kartlaggning-title"] tbody tr');
    expect(
      await kartlaggning.evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)).sort(),
      ),
    ).toEqual(
      [
        ['Arbetsförmedlingen', `Lämnat ${shortDate(new Date().toISOString())}`],
        ['Region Västerbotten, psykiatri', 'Väntar på bidrag'],
        ['Umeå kommun, försörjningsstöd (slussen)', 'Väntar på bidrag'],
      ].sort(),
    );
    await a11y(referrer, 'case-view-03-kartlaggning');

    // when: the others contribute, the planeringsträff is called and held with a plan, försörjningsstöd ärendebärare
    await completeViaApi(referrer, app.baseUrl, mine.task_id, {
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    });
    await completeViaApi(fsd, app.baseUrl, forFsd.task_id, {
      bidragLamnat: true,
      foreslagenInriktning: 'arbetslivsinriktade',
    });
    const call = await openTask(db, caseId, 'UserTask_CallMeeting');
    const meetingDay = isoDaysFromNow(14);
    await completeViaApi(referrer, app.baseUrl, call.task_id, { meetingAt: `${meetingDay}T10:00:00+01:00` });
    const hold = await openTask(db, caseId, 'UserTask_HoldMeeting', 'region-psykiatri');
    const afDue = isoDaysFromNow(60);
    const psykDue = isoDaysFromNow(90);
    await completeViaApi(referrer, app.baseUrl, hold.task_id, {
      forsorjning: 'forsorjningsstod',
      arendebarareOrg: 'umea-fsd',
      inriktning: 'arbetsinriktade',
      planSteps: [
        { party: 'region-psykiatri', description: 'Behandlingskontakt under insatsen', dueDate: psykDue },
        { party: 'af', description: 'Jobbspår med matchning', dueDate: afDue },
        { party: 'individen', description: 'Besöka tre arbetsplatser', dueDate: afDue },
      ],
    });
    const followUp = await openTask(db, caseId, 'UserTask_FollowUp', 'umea-fsd');
    const { due_at: followUpDue } = await db('tasks').where({ task_id: followUp.task_id }).first();

    // then: the diagram is fitted to the width at a readable size with the current step in view
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}`);
    await fsd.locator('body[data-diagram-ready="true"]').waitFor();
    const current = '#case-diagram .djs-element.case-current[data-element-id="UserTask_FollowUp"]';
    expect(await fsd.locator(current).count()).toBe(1);
    const box = await rectOf(fsd, '#case-diagram');
    const task = await rectOf(fsd, current);
    expect(inside(task, box)).toBe(true);
    expect(task.width).toBeGreaterThanOrEqual(60); // a task is 100 units wide: shown at 65 % or more, its label readable
    expect(box.width).toBeGreaterThan(1000); // the diagram takes the page's width
    expect(await fsd.getByRole('list', { name: 'Ärendets steg' }).isVisible()).toBe(true);
    expect(await fsd.getByText('Pågår nu').isVisible()).toBe(true); // the legend is kept
    // when: zoom in, then the whole process
    await fsd.getByRole('button', { name: 'Zooma in' }).click();
    const zoomed = await rectOf(fsd, current);
    expect(zoomed.width).toBeGreaterThan(task.width * 1.2);
    await fsd.getByRole('button', { name: 'Hela processen' }).click();
    // (the page may have scrolled with the click: the diagram's box is measured again each time)
    expect(inside(await rectOf(fsd, '#case-diagram .viewport'), await rectOf(fsd, '#case-diagram'))).toBe(true);
    await fsd.getByRole('button', { name: 'Till nuvarande steg' }).click();
    const centred = await rectOf(fsd, current);
    const frame = await rectOf(fsd, '#case-diagram');
    expect(Math.abs(centred.x + centred.width / 2 - (frame.x + frame.width / 2))).toBeLessThan(frame.width * 0.1);
    expect(Math.abs(centred.y + centred.height / 2 - (frame.y + frame.height / 2))).toBeLessThan(frame.height * 0.1);
    // and before avslut: the called planeringsträff is a coming meeting and a party may withdraw the samtycke
    expect(await fsd.getByRole('heading', { name: 'Kommande möten' }).isVisible()).toBe(true);
    expect(await fsd.getByText(/Planeringsträff/).count()).toBeGreaterThan(0);
    expect(await fsd.getByRole('link', { name: 'Återkalla samtycke' }).count()).toBe(1);
    await a11y(fsd, 'case-view-04-diagram');

    // when: the ärendebärare opens the samverkansplan for the individual
    await fsd.getByRole('link', { name: 'Samverkansplan för personen (utskrift)' }).click();
    await fsd.waitForURL(`${app.baseUrl}/arenden/${caseId}/samverkansplan`);
    // then: plain Swedish, the parties' steps with dates (soonest first), the ärendebärare and the next uppföljning
    const plan = fsd.locator('article.individual-plan');
    expect(await plan.getByRole('heading', { level: 1 }).textContent()).toBe('Samverkansplan');
    const facts = await plan
      .locator('dl.plan-facts')
      .evaluate((dl) =>
        Array.from(dl.querySelectorAll('dt')).map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      );
    expect(facts.slice(0, 3)).toEqual([
      ['Ärende', caseId],
      ['Din kontakt (ärendebärare)', 'Umeå kommun, försörjningsstöd (slussen)'],
      ['Nästa uppföljning', longDate(new Date(followUpDue).toISOString())],
    ]);
    const partyRows = await plan
      .locator('table[aria-labelledby="party-steps"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)));
    expect(partyRows).toEqual([
      ['Arbetsförmedlingen', 'Jobbspår med matchning', longDate(afDue)],
      ['Region Västerbotten, psykiatri', 'Behandlingskontakt under insatsen', longDate(psykDue)],
    ]);
    // the individual's own steps ("Personen själv" in the plan form) come first, under their own heading
    const ownRows = await plan
      .locator('table[aria-labelledby="own-steps"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)));
    expect(ownRows).toEqual([['Besöka tre arbetsplatser', longDate(afDue)]]);
    // no other case data: no samtycke, timeline, tasks, diagram, personnummer or birth date
    const text = await fsd.locator('main').innerText();
    for (const other of ['Samtycke', 'Tidslinje', 'Uppgifter i ärendet', 'Processen', pnr, pnr.slice(0, 8)])
      expect(text).not.toContain(other);
    await a11y(fsd, 'case-view-05-samverkansplan');
    // and the print layout hides the menu and the buttons
    await fsd.emulateMedia({ media: 'print' });
    expect(await fsd.locator('header.site-header').isVisible()).toBe(false);
    expect(await fsd.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
    await screenshot(fsd, 'case-view-06-samverkansplan-utskrift');
    await fsd.emulateMedia({ media: 'screen' });

    // when: the PDF is fetched by the ärendebärare and by an organisation outside the samtycke
    const pdf = await fsd.request.get(`${app.baseUrl}/arenden/${caseId}/samverkansplan.pdf`);
    const fk = await as('fk.handlaggare');
    const refused = await fk.request.get(`${app.baseUrl}/arenden/${caseId}/samverkansplan.pdf`);
    const refusedPage = await fk.goto(`${app.baseUrl}/arenden/${caseId}/samverkansplan`);
    // then
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(refused.status()).toBe(404);
    expect(refusedPage?.status()).toBe(404);
    // every read of the plan is audited like a read of the case
    const reads = await db('audit_log')
      .where({ case_id: caseId, object_type: 'samverkansplan', action: 'read' })
      .orderBy('id')
      .select('username', 'details');
    expect(
      reads.map((r: { username: string; details: { format: string } }) => `${r.username} ${r.details.format}`),
    ).toEqual(['fsd.handlaggare html', 'fsd.handlaggare pdf']);

    // when: the uppföljning ends the participation and the case is closed
    await completeViaApi(fsd, app.baseUrl, followUp.task_id, {
      followUpHeldOn: isoDaysFromNow(30),
      followUpOutcome: 'avslut',
    });
    const closing = await openTask(db, caseId, 'UserTask_CloseCase', 'umea-fsd');
    await completeViaApi(fsd, app.baseUrl, closing.task_id, { avslutsorsak: 'arbete', endDate: isoDaysFromNow(30) });
    await eventually(async () => !(await instanceIsActive(engine, pik)), { what: 'instance ended', timeoutMs: 30_000 });
    await eventually(async () => (await db('cases').where({ case_id: caseId }).first()).status === 'avslutad', {
      what: 'case avslutad',
    });
    // the planeringsträff called for the coming days is still recorded as called
    expect(
      await db('meetings')
        .where({ case_id: caseId, status: 'kallad' })
        .andWhere('meeting_at', '>', new Date())
        .count('* as n')
        .first(),
    ).toMatchObject({ n: '1' });
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}`);
    // then: the case shows as ended, without "Återkalla samtycke" and without future meetings
    expect(await fsd.locator('.case-ended').innerText()).toBe(
      'Ärendet är avslutat (Avslutad). Inga fler möten eller steg planeras.',
    );
    expect(await fsd.getByRole('link', { name: 'Återkalla samtycke' }).count()).toBe(0);
    expect(await fsd.getByText('Ärendet är avslutat: inga kommande möten.').isVisible()).toBe(true);
    expect(await fsd.locator('main').innerText()).not.toContain(shortDate(`${meetingDay}T10:00:00+01:00`) + ' 10:00');
    await fsd.locator('body[data-diagram-ready="true"]').waitFor();
    expect(await fsd.getByRole('button', { name: 'Till nuvarande steg' }).isVisible()).toBe(false); // nothing is current
    // the ended case's diagram opens on the end event it reached
    expect(
      inside(
        await rectOf(fsd, '#case-diagram .djs-element.case-done[data-element-id="EndEvent_CaseClosed"]'),
        await rectOf(fsd, '#case-diagram'),
      ),
    ).toBe(true);
    await a11y(fsd, 'case-view-07-avslutat');
    // and the confirmation step of the withdrawal is not offered either
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}/samtycke/aterkalla`);
    expect(fsd.url()).toBe(`${app.baseUrl}/arenden/${caseId}`);
    // and the plan for the individual no longer names a next uppföljning
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}/samverkansplan`);
    expect(await fsd.locator('dl.plan-facts dd').nth(2).textContent()).toBe(
      'Tid för uppföljning bestäms tillsammans med dig.',
    );
  });

  test('when KT1 sets the next meeting date of an etablering participant, then the case view shows it', async () => {
    // given: an etablering participant inskriven by AF
    const caseId = await startEtablering(
      { db, engine },
      {
        person: { personnummer: testPersonnummer(1995), kon: 'M', folkbokfordKommun: 'Umeå', skyddad: false },
        programmeEndDate: isoDaysFromNow(700),
      },
    );
    const af = await as('af.handlaggare');
    await af.goto(`${app.baseUrl}/arenden/${caseId}`);
    expect(
      await af
        .locator('dt', { hasText: 'Nästa kartläggningsträff' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).toBe('Inget datum satt ännu.');
    // when: KT1 (inskrivning) is held and sets the next meeting
    const kt1 = await openTask(db, caseId, 'UserTask_Kt1Registration', 'af');
    const next = isoDaysFromNow(21);
    await completeViaApi(af, app.baseUrl, kt1.task_id, {
      kt1HeldOn: isoDaysFromNow(0),
      studieplanUpprattad: true,
      nextMeetingDate: next,
    });
    await openTask(db, caseId, 'UserTask_Kt1Health', 'af');
    await af.goto(`${app.baseUrl}/arenden/${caseId}`);
    // then
    expect(
      await af
        .locator('dt', { hasText: 'Nästa kartläggningsträff' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).toBe(shortDate(next));
    expect(
      await af.locator('dt', { hasText: 'Status' }).locator('xpath=following-sibling::dd[1]').textContent(),
    ).not.toMatch(/^[a-z_]+$/); // a label, not a code
    await af.locator('body[data-diagram-ready="true"]').waitFor();
    await a11y(af, 'case-view-08-etablering-nasta-mote');
  });
});
