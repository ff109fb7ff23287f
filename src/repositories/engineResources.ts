import type { Knex } from 'knex';

/** Hashes of the resources last deployed to the engine, by file name. */
export async function deployedHashes(db: Knex): Promise<Map<string, string>> {
  const rows = await db('engine_resources').select<{ name: string; sha256: string }[]>('name', 'sha256');
  return new Map(rows.map((r) => [r.name, r.sha256]));
}

/** Records that these resources are deployed with these hashes. */
export async function recordDeployed(db: Knex, rows: { name: string; sha256: string; deploymentKey: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db('engine_resources')
    .insert(rows.map((r) => ({ name: r.name, sha256: r.sha256, deployment_key: r.deploymentKey, deployed_at: db.fn.now() })))
    .onConflict('name')
    .merge();
}
