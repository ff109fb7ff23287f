import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Minimum Java feature version the Operaton engine (Spring Boot 3.5) runs on. */
export const MIN_JAVA = 17;

export class JavaNotFoundError extends Error {}

function featureVersionOf(javaHome: string): number | undefined {
  const release = path.join(javaHome, 'release');
  if (existsSync(release)) {
    const m = /JAVA_VERSION="(\d+)/.exec(readFileSync(release, 'utf8'));
    if (m) return Number(m[1]);
  }
  const bin = path.join(javaHome, 'bin', 'java');
  if (!existsSync(bin)) return undefined;
  try {
    const out = execFileSync(bin, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const m = /version "(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch (err) {
    const m = /version "(\d+)/.exec(String((err as { stderr?: string }).stderr ?? ''));
    return m ? Number(m[1]) : undefined;
  }
}

/**
 * Finds a JDK >= MIN_JAVA (17): JAVA_HOME when it is one (an operator who sets it means it), otherwise the newest JDK
 * under /usr/lib/jvm. Throws JavaNotFoundError with install instructions (Swedish and English) when none is found.
 */
export function findJavaHome(
  env: NodeJS.ProcessEnv = process.env,
  jvmDir = '/usr/lib/jvm',
): { javaHome: string; version: number } {
  if (env.JAVA_HOME) {
    const version = featureVersionOf(env.JAVA_HOME) ?? 0;
    if (version >= MIN_JAVA) return { javaHome: env.JAVA_HOME, version };
  }
  const candidates = existsSync(jvmDir) ? readdirSync(jvmDir).map((name) => path.join(jvmDir, name)) : [];
  const found = candidates
    .map((javaHome) => ({ javaHome, version: featureVersionOf(javaHome) ?? 0 }))
    .filter((c) => c.version >= MIN_JAVA)
    .sort((a, b) => b.version - a.version);
  if (found.length === 0) {
    throw new JavaNotFoundError(
      [
        `No JDK >= ${MIN_JAVA} found (looked at JAVA_HOME and /usr/lib/jvm). The Operaton engine needs Java ${MIN_JAVA}+.`,
        `Ingen JDK ${MIN_JAVA} eller senare hittades. Operaton-motorn kräver Java ${MIN_JAVA}+.`,
        `Install one, e.g. on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y openjdk-${MIN_JAVA}-jdk-headless`,
        `(or a Temurin JDK), or set JAVA_HOME to a JDK >= ${MIN_JAVA}.`,
        `Installera t.ex.: sudo apt-get install -y openjdk-${MIN_JAVA}-jdk-headless, eller sätt JAVA_HOME till en JDK >= ${MIN_JAVA}.`,
      ].join('\n'),
    );
  }
  return found[0]!;
}
