import type { Knex } from 'knex';

/** One deployed version of a process, as recorded by the modeler. */
export interface ProcessVersion {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  deployedBy: string;
  deployedAt: Date;
  comment: string | null;
}

interface Row {
  bpmn_process_id: string;
  version: number;
  process_definition_key: string;
  xml?: string;
  deployed_by: string;
  deployed_at: Date;
  comment: string | null;
}

const toVersion = (r: Row): ProcessVersion => ({
  bpmnProcessId: r.bpmn_process_id,
  version: r.version,
  processDefinitionKey: String(r.process_definition_key),
  deployedBy: r.deployed_by,
  deployedAt: r.deployed_at,
  comment: r.comment,
});

const COLUMNS = ['bpmn_process_id', 'version', 'process_definition_key', 'deployed_by', 'deployed_at', 'comment'];

/** Records a deployed version; returns false when that version was already recorded (the engine reuses a version for identical XML). */
export async function insertProcessVersion(db: Knex, v: Omit<ProcessVersion, 'deployedAt'> & { xml: string }): Promise<boolean> {
  const inserted = await db('process_versions')
    .insert({ bpmn_process_id: v.bpmnProcessId, version: v.version, process_definition_key: v.processDefinitionKey, xml: v.xml, deployed_by: v.deployedBy, comment: v.comment })
    .onConflict(['bpmn_process_id', 'version'])
    .ignore()
    .returning('version');
  return inserted.length > 0;
}

/** All recorded versions, newest first per process. */
export async function listProcessVersions(db: Knex): Promise<ProcessVersion[]> {
  const rows = await db('process_versions').select<Row[]>(COLUMNS).orderBy([{ column: 'bpmn_process_id' }, { column: 'version', order: 'desc' }]);
  return rows.map(toVersion);
}

/** The XML of one recorded version, or undefined. */
export async function findProcessVersionXml(db: Knex, bpmnProcessId: string, version: number): Promise<string | undefined> {
  const row = await db('process_versions').where({ bpmn_process_id: bpmnProcessId, version }).first<Pick<Row, 'xml'> | undefined>('xml');
  return row?.xml;
}

/** The newest recorded version (with XML), or undefined. */
export async function findLatestProcessVersion(db: Knex, bpmnProcessId: string): Promise<(ProcessVersion & { xml: string }) | undefined> {
  const row = await db('process_versions').where({ bpmn_process_id: bpmnProcessId }).orderBy('version', 'desc').first<Row | undefined>([...COLUMNS, 'xml']);
  return row ? { ...toVersion(row), xml: row.xml! } : undefined;
}

/**
 * Process instances with an open user task, per process version. The 8.6 engine has no search API, so this reads
 * the task projection (`tasks`, issue 6). It only sees instances that currently wait at a user task; returns
 * undefined while that table (or a version column on it) does not exist.
 */
export async function countInstancesWaitingAtTasks(db: Knex, bpmnProcessId?: string): Promise<Map<string, number> | undefined> {
  const cols = await db('information_schema.columns').where({ table_name: 'tasks', table_schema: db.raw('current_schema()') }).pluck<string[]>('column_name');
  const has = (c: string) => cols.includes(c);
  if (!has('process_instance_key')) return undefined;
  const versionCol = has('process_version') ? 'process_version' : has('process_definition_version') ? 'process_definition_version' : undefined;
  const idCol = has('bpmn_process_id') ? 'bpmn_process_id' : has('process_id') ? 'process_id' : undefined;
  if (!versionCol || !idCol) return undefined;
  const stateCol = has('status') ? 'status' : has('state') ? 'state' : undefined;
  const q = db('tasks')
    .select({ id: idCol, version: versionCol })
    .countDistinct({ n: 'process_instance_key' })
    .groupBy(idCol, versionCol);
  if (stateCol) q.whereRaw(`lower(??) not in ('completed', 'cancelled', 'canceled', 'done')`, [stateCol]);
  if (bpmnProcessId) q.where(idCol, bpmnProcessId);
  const rows = (await q) as unknown as { id: string; version: number; n: string | number }[];
  return new Map(rows.map((r) => [`${r.id}@${r.version}`, Number(r.n)]));
}
