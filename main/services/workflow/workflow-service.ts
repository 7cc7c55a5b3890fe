// Processing a dossier to its result (issue 10): the facade the core's handlers call. The transitions and
// their guard are data (shared/workflow); this wires them to the database, the office's clock and the forms.
import { computeDue, WorkingTimeMeter } from '../../../shared/calendar';
import type { OfficeView, Role, User } from '../../../shared/contract';
import type { TransitionResult } from '../../../shared/contract/api-workflow';
import { ACTIONS, checkAction, type WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { effectiveStep } from '../../../shared/workflow/procedure-workflow';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { rowToDocument, type DocumentService } from '../document-service';
import type { CalendarService } from '../calendar-service';
import type { CatalogueService } from '../catalogue-service';
import type { DossierService } from '../dossier-service';
import { applyTransition, type ApplyDeps } from './apply';
import type { OfficeClock } from './clock';
import { findForReturn } from './find-for-return';
import type { TransitionInput } from './plan';
import { myQueue, officeOverview, warnings } from './queues';
import { guardState, loadContext, usersById } from './records';
import { workflowState } from './state-view';
import { timeline } from './timeline';

export interface WorkflowServiceDeps {
  db: Database;
  documents: DocumentService;
  calendar: CalendarService;
  catalogue: CatalogueService;
  dossiers: DossierService;
  office: () => Promise<OfficeView>;
}

export class WorkflowService {
  private readonly apply: ApplyDeps;

  constructor(private readonly d: WorkflowServiceDeps) {
    this.apply = {
      db: d.db, documents: d.documents, clock: () => this.clock(), office: d.office,
      receiptDue: (versionId, at) => this.receiptDue(versionId, at),
    };
  }

  /** The office's calendar, hours and due time as they are now. */
  async clock(): Promise<OfficeClock> {
    const [calendar, office] = await Promise.all([this.d.calendar.get(), this.d.office()]);
    return { calendar, hours: office.workingHours, dueTime: office.dueTime, meter: new WorkingTimeMeter(calendar, office.workingHours) };
  }

  private async receiptDue(versionId: string, at: Date): Promise<Date | null> {
    if (!versionId) return null;
    const version = await this.d.catalogue.getVersion(versionId).catch(() => null);
    if (!version) return null;
    const clock = await this.clock();
    return computeDue({
      receivedAt: at, unit: version.durationUnit, value: version.durationValue, cutoff: version.cutoff ?? undefined,
      calendar: clock.calendar, hours: clock.hours, dueTime: clock.dueTime,
    }).due;
  }

  /** One transition; answers the new state (with the caller's actions) and the form it made. */
  async transition(input: TransitionInput, user: User, now: Date): Promise<TransitionResult> {
    const applied = await applyTransition(this.apply, input, user, now);
    const [state, document] = await Promise.all([
      this.state(input.dossierId, user, now),
      applied.documentId ? this.d.documents.get(applied.documentId) : null,
    ]);
    return { state, document: document ? rowToDocument(document) : null, repeated: applied.repeated };
  }

  async state(dossierId: string, user: User, now: Date) {
    const clock = await this.clock();
    return this.d.db.read((em) => workflowState(em, dossierId, user, now, clock));
  }

  timeline(dossierId: string) {
    return this.d.db.read(async (em) => ({ dossierId, entries: await timeline(em, dossierId) }));
  }

  async myQueue(user: User, now: Date, limit: number) {
    const clock = await this.clock();
    return this.d.db.read(() => myQueue(this.d.db.raw, user, now, clock, limit));
  }

  async officeOverview(user: User, now: Date, perHolder: number) {
    const clock = await this.clock();
    return this.d.db.read(() => officeOverview(this.d.db.raw, user, now, clock, perHolder));
  }

  warnings(user: User, now: Date) {
    return this.d.db.read(() => warnings(this.d.db.raw, user, now));
  }

  /** Who may receive the dossier now: active users whose role the procedure gives the next step, not the caller. */
  assignees(dossierId: string, action: 'handOver' | 'submitForApproval', user: User) {
    return this.d.db.read(async (em) => {
      const c = await loadContext(em, dossierId);
      const step = effectiveStep(c.workflow, action === 'handOver' ? 'processing' : 'approval');
      if (!step) throw new AppError('CONFLICT', action === 'handOver' ? 'Thủ tục này không có bước chuyển hồ sơ cho cán bộ xử lý.' : 'Thủ tục này không cần lãnh đạo phê duyệt.');
      const roles = step.roles as Role[];
      return [...(await usersById(em)).values()]
        .filter((u) => u.active && roles.includes(u.role) && u.id !== user.id)
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'))
        .map((u) => ({ id: u.id, fullName: u.fullName, role: u.role }));
    });
  }

  /**
   * Why this person may not call a transition the contract does not give their role: the guard's own words,
   * naming the dossier's state and the role (null when the input names no dossier this office has).
   */
  async refusal(method: string, rawInput: unknown, user: User): Promise<string | null> {
    const action = method.startsWith('workflow.') ? method.slice('workflow.'.length) : '';
    const dossierId = (rawInput as { dossierId?: unknown } | null)?.dossierId;
    if (!(ACTIONS as readonly string[]).includes(action) || typeof dossierId !== 'string' || dossierId.length > 64) return null;
    return this.d.db.read(async (em) => {
      const c = await loadContext(em, dossierId).catch(() => null);
      if (!c) return null;
      const r = checkAction(guardState(c), user, action as WorkflowAction, c.workflow);
      return r.ok ? null : r.message;
    });
  }

  findForReturn(query: string) {
    return this.d.db.read((em) => findForReturn(em, query, (q) => this.d.dossiers.list(q, undefined, 20)));
  }
}
