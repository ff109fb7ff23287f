import type { Page } from 'playwright-core';

import { referCase, testPersonnummer, validReferral } from '../support/caseFixtures.js';
import { eventually, instanceIsActive } from '../support/harness.js';
import { useBrowserApp, wallClockIsoDay } from './support/browserApp.js';
import { completeViaApi as completeTask, openTask as openTaskOf, submit } from './support/casework.js';

describe('e2e: a samverkan case from aktualisering to avslut in a real browser', () => {
  const { app, as, a11y, isoDaysFromNow } = useBrowserApp();
  const { db, engine } = app;

  const openTask = (caseId: string, elementId: string, group?: string) => openTaskOf(db, caseId, elementId, group);
  const completeViaApi = (page: Page, taskId: string, variables: Record<string, unknown>) =>
    completeTask(page, app.baseUrl, taskId, variables);

  /** A case aktualiserad by Region psykiatri to Vuxentorget, with a samtycke for Region psykiatri and AF. */
  async function referredByPsykiatri(birthYear: number, kon: 'K' | 'M'): Promise<string> {
    const { caseId } = await referCase(
      { db, engine },
      validReferral({
        person: { personnummer: testPersonnummer(birthYear), kon },
        referringOrg: 'region-psykiatri',
        referringUser: 'psykiatri.handlaggare',
        consent: {
          parties: ['region-psykiatri', 'af'],
          dataCategories: ['kartlaggning'],
          validFrom: wallClockIsoDay(-1),
          validTo: isoDaysFromNow(300),
          signedCopyGiven: true,
          textVersion: '2026-1',
        },
      }),
    );
    return caseId;
  }

  /** Picks an option of a form-js select by the field's label. */
  async function chooseOption(page: Page, label: RegExp, option: string): Promise<void> {
    const field = page.locator('.fjs-form-field-select', { has: page.getByLabel(label) });
    await field.locator('.fjs-select-display').click();
    await field.locator('.fjs-dropdownlist-item', { hasText: option }).click();
  }

  /** Waits until a form-js select shows `option` (the hidden input under the label carries the option's label). */
  async function expectSelected(page: Page, label: RegExp, option: string): Promise<void> {
    await eventually(async () => (await page.getByLabel(label).inputValue()) === option, {
      what: `${option} selected`,
      timeoutMs: 10_000,
    });
  }

  /** The one-shot message of the page the last POST led to (the page has loaded: it is there or not at all). */
  async function flashOf(page: Page): Promise<string[]> {
    return page.locator('.flash').allInnerTexts();
  }

  test('when Region psykiatri aktualiserar to Vuxentorget and the Umeå beredning says ja, then the case runs through plan, uppföljning and avslut, visible only to the parties', async () => {
    // given: a Region handläggare on the aktualisering form for Vuxentorget
    const referrer = await as('psykiatri.handlaggare');
    const pageErrors: string[] = [];
    referrer.on('pageerror', (e) => pageErrors.push(e.message));
    await referrer.goto(`${app.baseUrl}/starta`);
    await a11y(referrer, '10-starta');
    await referrer.getByRole('link', { name: 'Aktualisering till Vuxentorget' }).click();
    await referrer.waitForURL(/\/aktualisera\/vuxentorget$/);

    // when: invalid input first (bad personnummer, no kön, samtycke not confirmed)
    await referrer.getByLabel('Personnummer').fill('19900101-1234');
    await referrer.getByLabel('Folkbokföringskommun').selectOption('Umeå');
    await referrer.getByLabel('Målgrupp').selectOption('sammansatt');
    await referrer.getByLabel('Arbetsförmedlingen').check();
    await submit(referrer, referrer.getByRole('button', { name: 'Skicka aktualiseringen' }));
    // then: Swedish errors beside the fields, everything typed is kept
    await referrer.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    expect(await referrer.getByText('Personnumret är inte giltigt (kontrollsiffran stämmer inte).').count()).toBe(2); // summary + field
    expect(await referrer.getByText('Välj ett av alternativen.').count()).toBeGreaterThanOrEqual(2);
    expect(await referrer.getByLabel('Personnummer').inputValue()).toBe('19900101-1234');
    expect(await referrer.getByLabel('Folkbokföringskommun').inputValue()).toBe('Umeå');
    expect(await referrer.getByLabel('Målgrupp').inputValue()).toBe('sammansatt');
    expect(await referrer.getByLabel('Arbetsförmedlingen').isChecked()).toBe(true);
    expect(await referrer.getByLabel('Region Västerbotten, psykiatri').isChecked()).toBe(true);
    await a11y(referrer, '11-aktualisering-fel');

    // when: corrected and complete (samtycke for psykiatri, AF and försörjningsstöd)
    const pnr = testPersonnummer(1988);
    await referrer.getByLabel('Personnummer').fill(pnr);
    await referrer.getByLabel('Kvinna').check();
    await referrer.getByLabel(/informerad om att målet/).check();
    await referrer.getByLabel(/beredd på en förändringsprocess/).check();
    await referrer
      .getByLabel('Beskrivning av personens behov')
      .fill('Behöver samordnat stöd mot arbete från psykiatrin, AF och försörjningsstöd.');
    await referrer.getByLabel('Umeå kommun, försörjningsstöd (slussen)').check();
    await referrer.getByLabel('Kartläggning och bedömning').check();
    await referrer.getByLabel('Planering och samverkansplan').check();
    await referrer.getByLabel('Gäller till och med').fill(isoDaysFromNow(365));
    await referrer.getByLabel(/vad ett samtycke till samverkan innebär/).check();
    await referrer.getByLabel(/undertecknat samtyckesblanketten/).check();
    await submit(referrer, referrer.getByRole('button', { name: 'Skicka aktualiseringen' }));
    await referrer.waitForURL(/\/arenden\/SV-\d{4}-\d{5,}$/);
    const caseId = referrer.url().split('/').pop()!;
    // then: the case view; the personnummer is stored encrypted only
    expect(await referrer.getByText(`Ärendet ${caseId} är registrerat.`).isVisible()).toBe(true);
    const row = await db('cases').where({ case_id: caseId }).first();
    expect(row).toMatchObject({
      verksamhet: 'vuxentorget',
      referring_org: 'region-psykiatri',
      referring_user: 'psykiatri.handlaggare',
    });
    const stored = (await db('persons').where({ person_id: row.person_id }).first()).personnummer_enc as string;
    expect(stored).toMatch(/^v\d+:/);
    expect(stored).not.toContain(pnr.slice(8));

    // when: the case reaches the agenda of Vuxentorget's group in Umeå and the samordnare (beredning-umea-vuxen) decides ja
    const beredning = await openTask(caseId, 'UserTask_DecideBeredning', 'beredning-umea-vuxen');
    const { meeting_date: meetingDate } = await db('beredning_agenda')
      .where({ case_id: caseId, group_code: 'umea-vuxen' })
      .first();
    const samordnare = await as('samordnare', { tablet: true });
    await samordnare.goto(`${app.baseUrl}/beredning?grupp=umea-vuxen&datum=${meetingDate}`);
    const item = samordnare.locator(`#arende-${caseId}`);
    await item.waitFor();
    await a11y(samordnare, '12-beredning-dagordning-surfplatta');
    await item.getByLabel('Ja, till samordningsteamet').check();
    await submit(samordnare, item.getByRole('button', { name: `Spara beslut för ${caseId}` }));
    expect(await flashOf(samordnare)).toEqual([`Beslutet för ${caseId} är registrerat: ja.`]);
    expect(await db('tasks').where({ task_id: beredning.task_id }).first()).toMatchObject({
      state: 'completed',
      completed_by: 'samordnare',
    });

    // then: the kartläggning task appears for the parties under the samtycke, one each, and not for FK
    const mine = await openTask(caseId, 'UserTask_ContributeKartlaggning', 'region-psykiatri');
    const forAf = await openTask(caseId, 'UserTask_ContributeKartlaggning', 'af');
    const forFsd = await openTask(caseId, 'UserTask_ContributeKartlaggning', 'umea-fsd');
    await referrer.goto(`${app.baseUrl}/uppgifter?arende=${caseId}`);
    expect(await referrer.getByRole('link', { name: 'Bidra till kartläggningen' }).count()).toBe(1);
    const fk = await as('fk.handlaggare');
    await fk.goto(`${app.baseUrl}/uppgifter?arende=${caseId}`);
    expect(await fk.getByText('Inga uppgifter matchar urvalet.').isVisible()).toBe(true);
    const denied = await fk.goto(`${app.baseUrl}/arenden/${caseId}`);
    expect(denied?.status()).toBe(404);
    expect(await fk.getByRole('heading', { name: 'Sidan finns inte' }).isVisible()).toBe(true);
    await a11y(fk, '13-annan-organisation-404');
    const deniedTask = await fk.goto(`${app.baseUrl}/uppgifter/${mine.task_id}`);
    expect(deniedTask?.status()).toBe(404);

    // when: each party contributes (AF and försörjningsstöd in their own sessions)
    const af = await as('af.handlaggare');
    const fsd = await as('fsd.handlaggare');
    await completeViaApi(referrer, mine.task_id, { bidragLamnat: true, foreslagenInriktning: 'arbetsinriktade' });
    await completeViaApi(af, forAf.task_id, { bidragLamnat: true, foreslagenInriktning: 'arbetsinriktade' });
    await completeViaApi(fsd, forFsd.task_id, { bidragLamnat: true, foreslagenInriktning: 'arbetslivsinriktade' });
    // then the aktualiserande part calls the planeringsträff (no ärendebärare yet)
    const call = await openTask(caseId, 'UserTask_CallMeeting');
    expect(call.candidate_groups).toEqual(['region-psykiatri']);
    await completeViaApi(referrer, call.task_id, { meetingAt: `${isoDaysFromNow(14)}T10:00:00+01:00` });
    // and holds it: on the plan form the försörjning chosen pre-selects the party bearing it as ärendebärare
    // (seeds 000, 001, 003; seed 002: försörjningsstöd is the hemkommun's socialtjänst)
    const hold = await openTask(caseId, 'UserTask_HoldMeeting', 'region-psykiatri');
    await referrer.goto(`${app.baseUrl}/uppgifter/${hold.task_id}`);
    await chooseOption(referrer, /^Personens huvudsakliga försörjning/, 'Sjukpenning (Försäkringskassan)');
    await expectSelected(referrer, /^Ärendebärare/, 'Försäkringskassan');
    await chooseOption(referrer, /^Personens huvudsakliga försörjning/, 'Försörjningsstöd (kommunen)');
    await expectSelected(referrer, /^Ärendebärare/, 'Umeå kommun, försörjningsstöd (slussen)');
    await a11y(referrer, '13b-plan-forsorjning');
    // the plan with steps per party, försörjningsstöd becomes ärendebärare
    await completeViaApi(referrer, hold.task_id, {
      forsorjning: 'forsorjningsstod',
      arendebarareOrg: 'umea-fsd',
      inriktning: 'arbetsinriktade',
      planSteps: [
        { party: 'af', description: 'Jobbspår med matchning', dueDate: isoDaysFromNow(60) },
        { party: 'region-psykiatri', description: 'Behandlingskontakt under insatsen', dueDate: isoDaysFromNow(90) },
      ],
    });

    // then: the case view shows the plan per party, the phase and the diagram with the position marked
    const followUp = await openTask(caseId, 'UserTask_FollowUp', 'umea-fsd');
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}`);
    const planTable = fsd.getByRole('table', { name: 'Samverkansplan' });
    expect(await planTable.getByRole('cell', { name: 'Jobbspår med matchning' }).isVisible()).toBe(true);
    expect(await planTable.getByRole('cell', { name: 'Region Västerbotten, psykiatri' }).isVisible()).toBe(true);
    expect(await fsd.locator('dd', { hasText: /^Försörjningsstöd \(kommunen\)$/ }).count()).toBe(1);
    await fsd.locator('body[data-diagram-ready="true"]').waitFor();
    expect(await fsd.locator('.djs-element.case-current[data-element-id="UserTask_FollowUp"]').count()).toBe(1);
    expect(await fsd.locator('.djs-element.case-done[data-element-id="UserTask_DecideBeredning"]').count()).toBe(1);
    await a11y(fsd, '14-arende-plan-diagram');

    // when: the ärendebärare holds an uppföljning that ends the participation, then avslut with avslutsorsak
    await completeViaApi(fsd, followUp.task_id, { followUpHeldOn: isoDaysFromNow(80), followUpOutcome: 'avslut' });
    const closing = await openTask(caseId, 'UserTask_CloseCase', 'umea-fsd');
    await fsd.goto(`${app.baseUrl}/uppgifter/${closing.task_id}`);
    await a11y(fsd, '15-avslut-uppgift');
    await completeViaApi(fsd, closing.task_id, { avslutsorsak: 'arbete', endDate: isoDaysFromNow(90) });
    // then
    await eventually(async () => !(await instanceIsActive(engine, String(row.process_instance_key))), {
      what: 'instance ended',
      timeoutMs: 30_000,
    });
    expect(await db('cases').where({ case_id: caseId }).first()).toMatchObject({
      status: 'avslutad',
      avslutsorsak: 'arbete',
      arendebarare_org: 'umea-fsd',
    });
    await fsd.goto(`${app.baseUrl}/arenden/${caseId}`);
    expect(await fsd.locator('dd', { hasText: /^Arbete$/ }).count()).toBe(1);
    expect(await fsd.locator('.phases li.done').count()).toBe(5);
    await fsd.locator('body[data-diagram-ready="true"]').waitFor();
    expect(await fsd.locator('.djs-element.case-done[data-element-id="EndEvent_CaseClosed"]').count()).toBe(1);
    await a11y(fsd, '16-arende-avslutat');
    expect(pageErrors).toEqual([]);
  });

  test('when the beredning says nej, then the motivering is required (the rekommendation is optional, seed 000) and the referrer gets återkoppling in Notiser and the outbox', async () => {
    // given: a case aktualiserad by Region psykiatri, on the Umeå agenda
    const caseId = await referredByPsykiatri(1985, 'M');
    await openTask(caseId, 'UserTask_DecideBeredning', 'beredning-umea-vuxen');
    const { meeting_date: meetingDate } = await db('beredning_agenda').where({ case_id: caseId }).first();
    const samordnare = await as('samordnare');
    await samordnare.goto(`${app.baseUrl}/beredning?grupp=umea-vuxen&datum=${meetingDate}`);
    const item = samordnare.locator(`#arende-${caseId}`);

    // when: nej without motivering
    await item.getByLabel('Nej', { exact: true }).check();
    await item.getByLabel('Rekommendation till annan insats').fill('Fortsatt kontakt med psykiatrin');
    await submit(samordnare, item.getByRole('button', { name: `Spara beslut för ${caseId}` }));
    // then: the error is beside the field and the typed values are kept
    const again = samordnare.locator(`#arende-${caseId}`);
    expect(await again.locator(`#motivering-${caseId}-error`).innerText()).toBe('Fältet måste fyllas i.');
    expect(await again.getByLabel('Nej', { exact: true }).isChecked()).toBe(true);
    expect(await again.getByLabel('Rekommendation till annan insats').inputValue()).toBe(
      'Fortsatt kontakt med psykiatrin',
    );
    await a11y(samordnare, '20-beredning-nej-fel');

    // when: with motivering
    await again.getByLabel('Motivering').fill('Behoven kan mötas av en part.');
    await submit(samordnare, again.getByRole('button', { name: `Spara beslut för ${caseId}` }));
    expect(await flashOf(samordnare)).toEqual([`Beslutet för ${caseId} är registrerat: nej.`]);

    // then: the referrer gets the återkoppling as an in-app notification and a mail in the outbox
    await eventually(() => db('notifications').where({ case_id: caseId, username: 'psykiatri.handlaggare' }).first(), {
      what: 'återkoppling notification',
      timeoutMs: 30_000,
    });
    expect(await db('cases').where({ case_id: caseId }).first()).toMatchObject({ status: 'avslagen' });
    const referrer = await as('psykiatri.handlaggare', { tablet: true });
    expect(await referrer.getByRole('link', { name: /Notiser \d+ olästa?/ }).isVisible()).toBe(true);
    await referrer.getByRole('link', { name: /Notiser/ }).click();
    const notice = referrer.locator('.notice-list li.unread', { hasText: caseId });
    await notice.first().waitFor();
    await a11y(referrer, '21-notiser-surfplatta');
    await submit(referrer, notice.first().getByRole('button', { name: /Markera som läst/ }));
    expect(await flashOf(referrer)).toEqual(['Notisen är markerad som läst.']);
    expect(
      await db('notifications')
        .where({ case_id: caseId, username: 'psykiatri.handlaggare' })
        .whereNull('read_at')
        .count('* as n')
        .first(),
    ).toMatchObject({ n: '0' });
    await referrer.goto(`${app.baseUrl}/utkorg?arende=${caseId}`);
    expect(await referrer.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await a11y(referrer, '22-utkorg');
    await referrer.goto(`${app.baseUrl}/arenden/${caseId}`);
    expect(await referrer.getByText('Behoven kan mötas av en part.', { exact: false }).isVisible()).toBe(true);
  });

  test('when a party withdraws the samtycke after the confirmation step, then the case is interrupted and the consent is recorded withdrawn', async () => {
    // given
    const caseId = await referredByPsykiatri(1992, 'K');
    await openTask(caseId, 'UserTask_DecideBeredning');
    const af = await as('af.handlaggare');
    await af.goto(`${app.baseUrl}/arenden/${caseId}`);
    // when
    await af.getByRole('link', { name: 'Återkalla samtycke' }).click();
    await af.getByRole('heading', { name: `Återkalla samtycket i ärende ${caseId}` }).waitFor();
    await a11y(af, '30-aterkalla-samtycke');
    await submit(af, af.getByRole('button', { name: 'Ja, återkalla samtycket' }));
    expect(await flashOf(af)).toEqual(['Samtycket är återkallat. Ärendet avbryts.']);
    // then: AF no longer sees the case; the process records the avbrott
    expect((await af.goto(`${app.baseUrl}/arenden/${caseId}`))?.status()).toBe(404);
    await eventually(async () => (await db('cases').where({ case_id: caseId }).first()).status === 'avslutad', {
      what: 'case interrupted',
      timeoutMs: 30_000,
    });
    expect(await db('cases').where({ case_id: caseId }).first()).toMatchObject({ avslutsorsak: 'avbrott_ovrigt' });
    expect((await db('consents').where({ case_id: caseId }).first()).withdrawn_by).toBe('af.handlaggare');
  });
});
