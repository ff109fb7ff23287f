import { findPersonnummer, luhnValid, scanVariables } from '../support/piiScan.js';

describe('personal data scan of process variables', () => {
  test('when a value holds a personnummer with a valid check digit, then it is found in both forms; invalid ones and ids are not', () => {
    // given 811228-9874 is the Skatteverket example with a valid Luhn digit
    // when / then
    expect(luhnValid('8112289874')).toBe(true);
    expect(findPersonnummer('811228-9874')).toHaveLength(1);
    expect(findPersonnummer('198112289874')).toHaveLength(1);
    expect(findPersonnummer('811228-9875')).toHaveLength(0);
    expect(findPersonnummer('SV-2026-00042')).toHaveLength(0);
    expect(findPersonnummer('2251799813685249')).toHaveLength(0); // a job key
    expect(findPersonnummer('2026-11-23')).toHaveLength(0);
  });

  test('when variables carry name keys or a personnummer, then each is reported with its path', () => {
    // given
    const vars = {
      caseId: 'SV-2026-00001',
      person: { fornamn: 'Anna' },
      notes: ['ring 811228-9874'],
      meetingDate: '2026-11-23',
    };
    // when
    const findings = scanVariables(vars);
    // then
    expect(findings).toEqual([
      '$.person.fornamn: key names personal data',
      '$.notes[0]: looks like a personnummer (8112…)',
    ]);
  });
});
