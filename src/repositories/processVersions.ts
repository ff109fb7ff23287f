import type { Knex } from 'knex';

/** One deployed version of a process, as recorded by the modeler. */
export interface ProcessVersion {
  bpmnProcessId: string;
  version: number;
  processDefinitionId: string;
  deployedBy: string;
  deployedAt: Date;
  comment: string | null;
}

interface Row {
  bpmn_process_id: string;
  version: number;
  process_definition_id: string;
  xml?: string;
  deployed_by: string;
  deployed_at: Date;
  comment: string | null;
}

const toVersion = (r: Row): ProcessVersion => ({
  bpmnProcessId: r.bpmn_process_id,
  version: r.version,
  processDefinitionId: r.process_definition_id,
  deployedBy: r.deployed_by,
  deployedAt: r.deployed_at,
  comment: r.comment,
});

const COLUMNS = ['bpmn_process_id', 'version', 'process_definition_id', 'deployed_by', 'deployed_at', 'comment'];

/** Records a deployed version; returns false when that version was already recorded (the engine reuses a version for identical XML). */
export async function insertProcessVersion(
  db: Knex,
  v: Omit<ProcessVersion, 'deployedAt'> & { xml: string },
): Promise<boolean> {
  const inserted = await db('process_versions')
    .insert({
      bpmn_process_id: v.bpmnProcessId,
      version: v.version,
      process_definition_id: v.processDefinitionId,
      xml: v.xml,
      deployed_by: v.deployedBy,
      comment: v.comment,
    })
    .onConflict(['bpmn_process_id', 'version'])
    .ignore()
    .returning('version');
  return inserted.length > 0;
}

/** All recorded versions, newest first per process. */
export async function listProcessVersions(db: Knex): Promise<ProcessVersion[]> {
  const rows = await db('process_versions')
    .select<Row[]>(COLUMNS)
    .orderBy([{ column: 'bpmn_process_id' }, { column: 'version', order: 'desc' }]);
  return rows.map(toVersion);
}

/** The XML of one recorded version, or undefined. */
export async function findProcessVersionXml(
  db: Knex,
  bpmnProcessId: string,
  version: number,
): Promise<string | undefined> {
  const row = await db('process_versions')
    .where({ bpmn_process_id: bpmnProcessId, version })
    .first<Pick<Row, 'xml'> | undefined>('xml');
  return row?.xml;
}

/** The newest recorded version (with XML), or undefined. */
export async function findLatestProcessVersion(
  db: Knex,
  bpmnProcessId: string,
): Promise<(ProcessVersion & { xml: string }) | undefined> {
  const row = await db('process_versions')
    .where({ bpmn_process_id: bpmnProcessId })
    .orderBy('version', 'desc')
    .first<Row | undefined>([...COLUMNS, 'xml']);
  return row ? { ...toVersion(row), xml: row.xml! } : undefined;
}
