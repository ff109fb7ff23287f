import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findJavaHome, JavaNotFoundError, MIN_JAVA } from '../../src/stack/java.js';

function fakeJdk(root: string, name: string, version: string): string {
  const home = path.join(root, name);
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'release'), `JAVA_VERSION="${version}"\n`);
  return home;
}

describe('findJavaHome', () => {
  test('the Operaton engine needs Java 17', () => {
    expect(MIN_JAVA).toBe(17);
  });

  test('when several JDKs exist, then the newest one >= 17 is chosen', () => {
    // given
    const jvm = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    fakeJdk(jvm, 'java-11', '11.0.24');
    fakeJdk(jvm, 'java-17', '17.0.15');
    const newest = fakeJdk(jvm, 'temurin-25', '25.0.1');
    // when
    const found = findJavaHome({}, jvm);
    // then
    expect(found).toEqual({ javaHome: newest, version: 25 });
  });

  test('when only JDK 17 exists, then it is used', () => {
    const jvm = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    fakeJdk(jvm, 'java-11', '11.0.24');
    const ok = fakeJdk(jvm, 'java-17-openjdk-amd64', '17.0.15');
    expect(findJavaHome({}, jvm)).toEqual({ javaHome: ok, version: 17 });
  });

  test('when JAVA_HOME is a JDK 17+, then it is used even if a newer JDK is installed', () => {
    const jvm = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    const chosen = fakeJdk(jvm, 'java-17', '17.0.15');
    fakeJdk(jvm, 'temurin-25', '25.0.1');
    expect(findJavaHome({ JAVA_HOME: chosen }, jvm)).toEqual({ javaHome: chosen, version: 17 });
  });

  test('when JAVA_HOME is too old, then a JDK 17+ from the JVM folder is used instead', () => {
    const jvm = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    const old = fakeJdk(jvm, 'java-11', '11.0.24');
    const ok = fakeJdk(jvm, 'java-17', '17.0.15');
    expect(findJavaHome({ JAVA_HOME: old }, jvm).javaHome).toBe(ok);
  });

  test('when only old JDKs exist, then the error says how to install one, in English and Swedish', () => {
    // given
    const jvm = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    fakeJdk(jvm, 'java-11', '11.0.24');
    // when / then
    expect(() => findJavaHome({}, jvm)).toThrow(JavaNotFoundError);
    expect(() => findJavaHome({}, jvm)).toThrow(/apt-get install -y openjdk-17-jdk-headless/);
    expect(() => findJavaHome({}, jvm)).toThrow(/Ingen JDK 17 eller senare/);
    expect(() => findJavaHome({}, jvm)).toThrow(/Operaton/);
  });
});
