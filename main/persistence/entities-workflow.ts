import { EntitySchema } from 'typeorm';

// Tables of processing a dossier to its result (migrations 0019–0021). Every column has an explicit type;
// instants are ISO 8601 UTC text.

export interface DossierWorkflowRow {
  dossierId: string; stage: string; holderId: string | null; holderRole: string | null; step: string;
  stepStartedAt: string | null; stepDueAt: string | null;
  /** The dossier's due date, copied by the triggers of migration 0021 (the lists read it from here). */
  dueAt: string | null;
  originalDueAt: string | null; pausedAt: string | null; pausedMinutes: number; extensions: number;
  /** Who the hand-over waiting for confirmation is for (a person, or anyone of a role); null: none waits. */
  pendingUserId: string | null; pendingRole: string | null;
  open: number; finishedAt: string | null;
  /** How the dossier was resolved against its due date: 'early' | 'on-time' | 'late' (an extension is late). */
  outcome: string | null; updatedAt: string;
}
export const DossierWorkflowEntity = new EntitySchema<DossierWorkflowRow>({
  name: 'DossierWorkflow', tableName: 'dossier_workflow',
  columns: {
    dossierId: { type: 'text', primary: true, name: 'dossier_id' },
    stage: { type: 'text' },
    holderId: { type: 'text', name: 'holder_id', nullable: true },
    holderRole: { type: 'text', name: 'holder_role', nullable: true },
    step: { type: 'text' },
    stepStartedAt: { type: 'text', name: 'step_started_at', nullable: true },
    stepDueAt: { type: 'text', name: 'step_due_at', nullable: true },
    dueAt: { type: 'text', name: 'due_at', nullable: true },
    originalDueAt: { type: 'text', name: 'original_due_at', nullable: true },
    pausedAt: { type: 'text', name: 'paused_at', nullable: true },
    pausedMinutes: { type: 'integer', name: 'paused_minutes' },
    extensions: { type: 'integer' },
    pendingUserId: { type: 'text', name: 'pending_user_id', nullable: true },
    pendingRole: { type: 'text', name: 'pending_role', nullable: true },
    open: { type: 'integer' },
    finishedAt: { type: 'text', name: 'finished_at', nullable: true },
    outcome: { type: 'text', nullable: true },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface HandOverRow {
  id: number; dossierId: string; step: string; fromUserId: string; toUserId: string | null; toRole: string | null;
  handedAt: string; stepDueAt: string | null; outcome: string; nextStepDueAt: string | null;
  confirmedAt: string | null; confirmedBy: string | null; note: string; operationId: string;
}
export const HandOverEntity = new EntitySchema<HandOverRow>({
  name: 'HandOver', tableName: 'hand_over',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dossierId: { type: 'text', name: 'dossier_id' },
    step: { type: 'text' },
    fromUserId: { type: 'text', name: 'from_user_id' },
    toUserId: { type: 'text', name: 'to_user_id', nullable: true },
    toRole: { type: 'text', name: 'to_role', nullable: true },
    handedAt: { type: 'text', name: 'handed_at' },
    stepDueAt: { type: 'text', name: 'step_due_at', nullable: true },
    outcome: { type: 'text' },
    nextStepDueAt: { type: 'text', name: 'next_step_due_at', nullable: true },
    confirmedAt: { type: 'text', name: 'confirmed_at', nullable: true },
    confirmedBy: { type: 'text', name: 'confirmed_by', nullable: true },
    note: { type: 'text' },
    operationId: { type: 'text', name: 'operation_id' },
  },
});

export interface DueChangeRow {
  id: number; dossierId: string; kind: string; at: string; userId: string; previousDueAt: string | null;
  newDueAt: string | null; pausedFrom: string | null; pausedTo: string | null; pausedMinutes: number;
  reason: string; documentId: string | null; operationId: string;
}
export const DueChangeEntity = new EntitySchema<DueChangeRow>({
  name: 'DueChange', tableName: 'due_change',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dossierId: { type: 'text', name: 'dossier_id' },
    kind: { type: 'text' },
    at: { type: 'text' },
    userId: { type: 'text', name: 'user_id' },
    previousDueAt: { type: 'text', name: 'previous_due_at', nullable: true },
    newDueAt: { type: 'text', name: 'new_due_at', nullable: true },
    pausedFrom: { type: 'text', name: 'paused_from', nullable: true },
    pausedTo: { type: 'text', name: 'paused_to', nullable: true },
    pausedMinutes: { type: 'integer', name: 'paused_minutes' },
    reason: { type: 'text' },
    documentId: { type: 'text', name: 'document_id', nullable: true },
    operationId: { type: 'text', name: 'operation_id' },
  },
});

export interface DossierReturnRow {
  dossierId: string; returnedAt: string; returnedBy: string; method: string; collectorKind: string | null;
  collectorName: string; collectorIdNumber: string; postalItemNumber: string; satisfaction: string | null;
  note: string; operationId: string;
}
export const DossierReturnEntity = new EntitySchema<DossierReturnRow>({
  name: 'DossierReturn', tableName: 'dossier_return',
  columns: {
    dossierId: { type: 'text', primary: true, name: 'dossier_id' },
    returnedAt: { type: 'text', name: 'returned_at' },
    returnedBy: { type: 'text', name: 'returned_by' },
    method: { type: 'text' },
    collectorKind: { type: 'text', name: 'collector_kind', nullable: true },
    collectorName: { type: 'text', name: 'collector_name' },
    collectorIdNumber: { type: 'text', name: 'collector_id_number' },
    postalItemNumber: { type: 'text', name: 'postal_item_number' },
    satisfaction: { type: 'text', nullable: true },
    note: { type: 'text' },
    operationId: { type: 'text', name: 'operation_id' },
  },
});

export interface WorkflowOperationRow {
  operationId: string; dossierId: string; action: string; userId: string; at: string; documentId: string | null;
}
export const WorkflowOperationEntity = new EntitySchema<WorkflowOperationRow>({
  name: 'WorkflowOperation', tableName: 'workflow_operation',
  columns: {
    operationId: { type: 'text', primary: true, name: 'operation_id' },
    dossierId: { type: 'text', name: 'dossier_id' },
    action: { type: 'text' },
    userId: { type: 'text', name: 'user_id' },
    at: { type: 'text' },
    documentId: { type: 'text', name: 'document_id', nullable: true },
  },
});

export const WORKFLOW_ENTITIES = [DossierWorkflowEntity, HandOverEntity, DueChangeEntity, DossierReturnEntity, WorkflowOperationEntity];
