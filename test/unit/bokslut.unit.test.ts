import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AVSLUTSORSAKER,
  computeBokslut,
  computeIndicators,
  customPeriod,
  finsamRows,
  percentHalfUp,
  periodOf,
  RADER,
  type BokslutTable,
  type Participation,
  type PercentRad,
} from '../../src/domain/bokslut.js';
import { generateParticipations, participationsToCsv, type PublishedTable } from '../../src/domain/bokslutFixtures.js';
import { ROOT } from '../../src/paths.js';
import { published2020, PUBLISHED_2020_FILE, SHARED_PUBLISHED_2020_FILE } from '../support/bokslutPublished.js';

const HEADER = 'deltagare_id,verksamhet,kon,startdatum,slutdatum,avslutsorsak';
const published = published2020();
const tabell = (n: number) => published.tables.find((t) => t.tabell === n)!;

/** Participations outside 2020 that must not count: ended the day before the year, started the day after. */
const OUTSIDE_2020: Participation[] = [
  { deltagareId: 'X-1', verksamhet: 'ungdomstorget', kon: 'K', startdatum: '2019-03-01', slutdatum: '2019-12-31', avslutsorsak: 'arbete' },
  { deltagareId: 'X-2', verksamhet: 'vuxentorget', kon: 'M', startdatum: '2021-01-01', slutdatum: null, avslutsorsak: null },
  { deltagareId: 'X-3', verksamhet: 'st-vindeln', kon: 'M', startdatum: '2018-05-01', slutdatum: '2019-06-30', avslutsorsak: 'avbrott_halsa' },
];
const rows2020 = [...generateParticipations(published), ...OUTSIDE_2020];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'bokslut-unit-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const writeCsv = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};

/** The CLI exactly as `npm run -s bokslut -- ...` runs it. */
const bokslutCli = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bokslut.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
};

/** Every published count and percentage of one table, compared with a computed table. */
function expectTableMatchesPublished(computed: BokslutTable | undefined, pub: PublishedTable): void {
  expect(computed).toBeDefined();
  const r = computed!.rader;
  const km = (c: { K: number; M: number }) => ({ K: c.K, M: c.M, T: c.K + c.M });
  expect({ deltagare: r.deltagare, nya: r.nya, avslutade: r.avslutade }).toEqual({
    deltagare: km(pub.deltagare),
    nya: km(pub.nya),
    avslutade: km(pub.avslutade),
  });
  for (const orsak of AVSLUTSORSAKER) expect({ orsak, ...km(r[orsak]) }).toEqual({ orsak, ...km(pub.avslut[orsak]) });
  for (const [rad, procent] of Object.entries(pub.published_percent)) {
    expect({ rad, procent: r[rad as PercentRad]?.procent }).toEqual({ rad, procent });
  }
}

function expectTotaltIsSumOfParts(tables: BokslutTable[]): void {
  const totalt = tables.find((t) => t.verksamhet === 'totalt')!;
  const parts = tables.filter((t) => t.verksamhet !== 'totalt');
  for (const rad of RADER) {
    for (const kon of ['K', 'M', 'T'] as const) {
      expect({ rad, kon, n: totalt.rader[rad][kon] }).toEqual({ rad, kon, n: parts.reduce((s, t) => s + t.rader[rad][kon], 0) });
    }
  }
}

describe('socialt bokslut, published 2020 figures', () => {
  test('when the repo copy of the published figures is compared with the shared original, then they are equal', () => {
    if (!existsSync(SHARED_PUBLISHED_2020_FILE)) return; // checkout without ../shared
    expect(JSON.parse(readFileSync(PUBLISHED_2020_FILE, 'utf8'))).toEqual(JSON.parse(readFileSync(SHARED_PUBLISHED_2020_FILE, 'utf8')));
  });

  test('when the generator runs twice, then it yields the same participants with unique ids', () => {
    // given / when
    const a = generateParticipations(published);
    const b = generateParticipations(published);
    // then
    expect(a).toEqual(b);
    expect(new Set(a.map((p) => p.deltagareId)).size).toBe(a.length);
    expect(a.length).toBe(tabell(1).deltagare.K + tabell(1).deltagare.M);
    for (const p of a) if (p.slutdatum) expect(p.slutdatum >= p.startdatum).toBe(true);
  });

  test('when computing 2020 from the generated rows, then Tabell 1, 2 and 3 are reproduced exactly', () => {
    // when
    const report = computeBokslut(rows2020, periodOf(2020));
    // then
    expectTableMatchesPublished(report.tables.find((t) => t.verksamhet === 'ungdomstorget'), tabell(2));
    expectTableMatchesPublished(report.tables.find((t) => t.verksamhet === 'vuxentorget'), tabell(3));
    expectTableMatchesPublished(report.tables.find((t) => t.verksamhet === 'totalt'), tabell(1));
    expect(report.tables.map((t) => t.verksamhet)).toEqual([
      'ungdomstorget', 'vuxentorget', 'st-nordmaling', 'st-vannas', 'st-bjurholm', 'st-vindeln', 'st-robertsfors', 'totalt',
    ]);
    expectTotaltIsSumOfParts(report.tables);
  });

  test('when the CLI reads the rows from a CSV file, then its JSON reproduces Tabell 1, 2 and 3 and totalt is the sum', () => {
    // given
    const file = writeCsv('2020.csv', participationsToCsv(rows2020));
    // when
    const res = spawnSync('npm', ['run', '-s', 'bokslut', '--', '--year', '2020', '--csv', file, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    // then (npm itself may warn on stderr about local npmrc settings; the CLI writes nothing there on success)
    expect(res.stderr).not.toMatch(/^(line \d+|bokslut):/m);
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as { year: number; tables: BokslutTable[] };
    expect(Object.keys(out)).toEqual(['year', 'tables']);
    expect(out.year).toBe(2020);
    expectTableMatchesPublished(out.tables.find((t) => t.verksamhet === 'ungdomstorget'), tabell(2));
    expectTableMatchesPublished(out.tables.find((t) => t.verksamhet === 'vuxentorget'), tabell(3));
    expectTableMatchesPublished(out.tables.find((t) => t.verksamhet === 'totalt'), tabell(1));
    expectTotaltIsSumOfParts(out.tables);
    expect(out).toEqual({ year: 2020, tables: computeBokslut(rows2020, periodOf(2020)).tables });
    for (const t of out.tables) {
      expect(Object.keys(t.rader)).toEqual([...RADER]);
      for (const rad of RADER) expect(Object.keys(t.rader[rad])).toEqual(['deltagare', 'nya', 'avslutade'].includes(rad) ? ['K', 'M', 'T'] : ['K', 'M', 'T', 'procent']);
    }
  });

  test('when computing the tertials, then nya and avslutade add up to the year and T1 is reported with its period', () => {
    // given
    const year = computeBokslut(rows2020, periodOf(2020)).tables.at(-1)!.rader;
    // when
    const tertials = (['T1', 'T2', 'T3'] as const).map((t) => computeBokslut(rows2020, periodOf(2020, t)).tables.at(-1)!.rader);
    // then
    for (const rad of ['nya', 'avslutade', ...AVSLUTSORSAKER] as const) {
      expect(tertials.reduce((s, r) => s + r[rad].T, 0)).toBe(year[rad].T);
    }
    for (const r of tertials) expect(r.deltagare.T).toBeLessThanOrEqual(year.deltagare.T);
    const cli = bokslutCli('--year', '2020', '--period', 'T1', '--csv', writeCsv('t1.csv', participationsToCsv(rows2020)));
    expect(cli.status).toBe(0);
    const out = JSON.parse(cli.stdout);
    expect(out).toMatchObject({ year: 2020, period: 'T1', from: '2020-01-01', to: '2020-04-30' });
    expect(out.tables.at(-1).rader).toEqual(tertials[0]);
  });

  test('when indicators are computed for 2020, then they match the printed bokslut where it defines them', () => {
    // when
    const indicators = computeIndicators(computeBokslut(rows2020, periodOf(2020)));
    const find = (id: string, v: string) => indicators.find((i) => i.id === id && i.verksamhet === v)!;
    // then: målområde 1 (71 % (150/210), target 90 %) and målområde 5 (kvinnor 45 %, män 57 % arbete, 47 % studier)
    expect(find('positiv_losning', 'totalt')).toMatchObject({ numerator: 150, denominator: 210, procent: 71, status: 'ej_uppnatt' });
    expect(find('konsfordelning_deltagare', 'totalt')).toMatchObject({ numerator: 415, denominator: 914, procent: 45, status: 'uppnatt' });
    expect(find('konsfordelning_arbete', 'totalt')).toMatchObject({ procent: 57, status: 'uppnatt' });
    expect(find('konsfordelning_studier', 'totalt')).toMatchObject({ procent: 47, status: 'uppnatt' });
    // Ungdomstorget, of avslutade (issue 8): 17/56 arbete, 11/56 studier
    expect(find('ungdomstorget_arbete', 'ungdomstorget')).toMatchObject({ numerator: 17, denominator: 56, procent: 30, status: 'ej_uppnatt' });
    expect(find('ungdomstorget_studier', 'ungdomstorget')).toMatchObject({ numerator: 11, denominator: 56, procent: 20, status: 'ej_uppnatt' });
    expect(indicators.filter((i) => i.id.startsWith('ungdomstorget_')).every((i) => i.verksamhet === 'ungdomstorget')).toBe(true);
  });
});

describe('socialt bokslut rules', () => {
  test('when rounding percentages, then halves go up as in the published 2020 tables (29/40 → 73, 7/40 → 18)', () => {
    expect(percentHalfUp(29, 40)).toBe(73);
    expect(percentHalfUp(7, 40)).toBe(18);
    expect(percentHalfUp(8, 29)).toBe(28);
    expect(percentHalfUp(1, 200)).toBe(1);
    expect(percentHalfUp(1, 3)).toBe(33);
    expect(percentHalfUp(2, 3)).toBe(67);
    expect(percentHalfUp(0, 5)).toBe(0);
    expect(percentHalfUp(0, 0)).toBeNull();
  });

  test('when a participation touches the period only on its first or last day, then it counts', () => {
    // given
    const p = (id: string, start: string, end: string | null): Participation => ({
      deltagareId: id, verksamhet: 'vuxentorget', kon: 'K', startdatum: start, slutdatum: end, avslutsorsak: end ? 'studier' : null,
    });
    const rows = [
      p('ends-on-first-day', '2020-01-10', '2020-05-01'),
      p('ends-day-before', '2020-01-10', '2020-04-30'),
      p('starts-on-last-day', '2020-08-31', null),
      p('starts-day-after', '2020-09-01', null),
      p('spans', '2019-01-01', '2021-01-01'),
    ];
    // when
    const t2 = computeBokslut(rows, periodOf(2020, 'T2')).tables[0]!.rader;
    // then
    expect(t2.deltagare.T).toBe(3);
    expect(t2.nya.T).toBe(1);
    expect(t2.avslutade.T).toBe(1);
    expect(t2.positiv).toEqual({ K: 1, M: 0, T: 1, procent: 100 });
    expect(t2.avbrott_halsa.procent).toBe(0);
  });

  test('when nobody ended in the period, then percentages are null, not 0', () => {
    const rows: Participation[] = [{ deltagareId: 'a', verksamhet: 'st-bjurholm', kon: 'M', startdatum: '2020-02-01', slutdatum: null, avslutsorsak: null }];
    const [table, totalt] = computeBokslut(rows, customPeriod('2020-01-01', '2020-03-31')).tables;
    expect(table!.verksamhet).toBe('st-bjurholm');
    expect(totalt!.rader.positiv.procent).toBeNull();
    expect(totalt!.rader.arbete.procent).toBeNull();
  });

  test('when a verksamhet has nobody in the period, then it has no table but totalt is always there', () => {
    const tables = computeBokslut(OUTSIDE_2020, periodOf(2020)).tables;
    expect(tables.map((t) => t.verksamhet)).toEqual(['totalt']);
    expect(tables[0]!.rader.deltagare.T).toBe(0);
  });
});

describe('Uppföljning Finsam export', () => {
  test('when exporting, then every count below 5 is masked and only aggregates per insats, period and kön remain', () => {
    // given
    const report = computeBokslut(rows2020, periodOf(2020, 'T1'));
    // when
    const rows = finsamRows(report);
    const cli = bokslutCli('--year', '2020', '--period', 'T1', '--finsam', '--csv', writeCsv('finsam.csv', participationsToCsv(rows2020)));
    // then
    for (const r of rows) for (const n of [r.deltagare, r.nya, r.avslutade]) expect(n === '<5' || n >= 5).toBe(true);
    expect(rows.some((r) => r.avslutade === '<5')).toBe(true);
    expect(cli.status).toBe(0);
    const lines = cli.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('insats,period_fran,period_till,kon,deltagare,nya,avslutade');
    expect(lines).toHaveLength(1 + rows.length);
    expect(lines).toContain('ungdomstorget,2020-01-01,2020-04-30,M,87,13,<5');
    expect(cli.stdout).not.toMatch(/SV-2020|totalt/);
    for (const line of lines.slice(1)) for (const cell of line.split(',').slice(4)) expect(cell === '<5' || Number(cell) >= 5).toBe(true);
  });
});

describe('bokslut CLI input errors', () => {
  test('when rows are bad, then each is reported with its line number, the exit code is non-zero and stdout is empty', () => {
    // given
    const file = writeCsv('bad.csv', [
      HEADER,
      'A,ungdomstorget,K,2020-01-01,,', // 2 ok
      'B,foo,K,2020-01-01,,', // 3 unknown verksamhet
      'C,vuxentorget,M,2020-05-01,2020-04-01,arbete', // 4 end before start
      '', // 5 empty line: skipped
      'D,vuxentorget,X,2020-13-01,,', // 6 bad kön, bad date
      'A,st-vannas,K,2020-01-01,2020-02-01,', // 7 duplicate id, slutdatum without avslutsorsak
      'E,st-vannas,K,2020-01-01,,studier', // 8 avslutsorsak without slutdatum
      'F,st-vannas,K', // 9 too few fields
      'G,st-vindeln,M,2020-02-01,2020-03-01,semester', // 10 unknown avslutsorsak
    ].join('\n'));
    // when
    const res = bokslutCli('--year', '2020', '--csv', file, '--format', 'json');
    // then
    expect(res.status).not.toBe(0);
    expect(res.stdout).toBe('');
    const reported = [...res.stderr.matchAll(/^line (\d+): (.*)$/gm)].map((m) => [Number(m[1]), m[2] ?? ''] as const);
    expect([...new Set(reported.map(([line]) => line))]).toEqual([3, 4, 6, 7, 8, 9, 10]);
    expect(reported).toEqual(expect.arrayContaining([
      [3, 'unknown verksamhet "foo"'],
      [4, 'slutdatum 2020-04-01 is before startdatum 2020-05-01'],
      [6, 'unknown kon "X" (expected K or M)'],
      [7, 'duplicate deltagare_id "A" (first on line 2)'],
      [7, 'slutdatum without avslutsorsak'],
      [8, 'avslutsorsak without slutdatum'],
      [9, 'expected 6 fields, got 3'],
      [10, 'unknown avslutsorsak "semester"'],
    ]));
    expect(reported.find(([line, m]) => line === 6 && m.includes('bad date "2020-13-01"'))).toBeDefined();
  });

  test('when the header is wrong or an argument is invalid, then the CLI exits non-zero without a report', () => {
    const wrongHeader = bokslutCli('--year', '2020', '--csv', writeCsv('hdr.csv', 'id,verksamhet\n1,vuxentorget\n'));
    expect(wrongHeader.status).toBe(1);
    expect(wrongHeader.stderr).toMatch(/^line 1: expected the header deltagare_id,verksamhet,kon,startdatum,slutdatum,avslutsorsak$/m);
    const ok = writeCsv('ok.csv', `${HEADER}\nA,vuxentorget,K,2020-01-01,,\n`);
    for (const args of [['--year', '20'], ['--year', '2020', '--period', 'T4'], ['--year', '2020', '--format', 'xml'], ['--year', '2020', '--finsam', '--format', 'json'], ['--year', '2020', '--bogus']]) {
      const res = bokslutCli(...args, '--csv', ok);
      expect({ args, status: res.status, stdout: res.stdout }).toEqual({ args, status: 2, stdout: '' });
    }
  });

  test('when asked for CSV, then one line per verksamhet and row with the percentage where defined', () => {
    const res = bokslutCli('--year', '2020', '--csv', writeCsv('fmt.csv', `${HEADER}\nA,vuxentorget,K,2020-01-01,2020-02-01,arbete\n`), '--format', 'csv');
    expect(res.status).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('period_fran,period_till,verksamhet,rad,K,M,T,procent');
    expect(lines).toHaveLength(1 + 2 * RADER.length);
    expect(lines).toContain('2020-01-01,2020-12-31,vuxentorget,deltagare,1,0,1,');
    expect(lines).toContain('2020-01-01,2020-12-31,totalt,arbete,1,0,1,100');
  });
});
