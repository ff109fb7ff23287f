import { spawnSync } from 'node:child_process';

import { ROOT } from '../../src/paths.js';

/** Runs the CLI exactly as `npm run -s kalender -- ...` does (npm itself adds nothing to stdout with -s). */
const kalender = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kalender.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: res.status, lines: res.stdout.trimEnd().split('\n'), stderr: res.stderr };
};

describe('kalender CLI', () => {
  test('when adding 2 working days to 2026-12-23, then the last line is 2026-12-29', () => {
    const out = kalender('add-working-days', '2026-12-23', '2');
    expect(out.status).toBe(0);
    expect(out.lines.at(-1)).toBe('2026-12-29');
  });

  test('when asking for next meetings and working days, then one value per line', () => {
    expect(kalender('next-meetings', 'nordmaling', '2027-01-01', '2').lines).toEqual(['2027-01-07', '2027-01-20']);
    expect(kalender('is-working-day', '2026-06-19').lines).toEqual(['false']);
  });

  test('when the input is bad, then exit code 2 with a Swedish and English message', () => {
    for (const args of [
      ['add-working-days', '2026-02-30', '1'],
      ['add-working-days', '2026-02-01', 'x'],
      ['next-meetings', 'umeå', '2026-01-01', '1'],
      ['nope'],
    ]) {
      const out = kalender(...args);
      expect(out.status).toBe(2);
      expect(out.stderr).toMatch(/Användning \/ usage/);
    }
  });
});
