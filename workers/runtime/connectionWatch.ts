import type { Engine } from '../../src/engine/client.js';

/**
 * Follows whether the workers' gateway answers. The SDK marks a worker down on a connection error but, after a
 * broker restart, does not reliably emit `ready` again although polling has resumed; so readiness also follows a
 * periodic topology probe (fail-fast client). `onChange(true)` after a successful probe, `false` after a failed one.
 */
export function watchConnection(engine: Engine, onChange: (up: boolean) => void, { intervalMs = 5000 } = {}): () => void {
  let stopped = false;
  const probe = () => {
    engine.topology().then(
      () => !stopped && onChange(true),
      () => !stopped && onChange(false),
    );
  };
  const timer = setInterval(probe, intervalMs);
  timer.unref();
  probe();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
