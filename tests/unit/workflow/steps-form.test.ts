// The version form's steps (renderer/src/admin/WorkflowStepsEditor.tsx) as pure data: a version's workflow
// to rows and back, and the core's field paths (counting only the ticked steps) to the row's controls.
import { describe, expect, it } from 'vitest';
import { toWorkflow, toWorkflowForm, workflowFieldId } from '../../../renderer/src/admin/WorkflowStepsEditor';
import { DEFAULT_WORKFLOW, type ProcedureWorkflow } from '../../../shared/workflow/procedure-workflow';

const AT_COUNTER: ProcedureWorkflow = { steps: [
  { kind: 'counter', roles: ['clerk', 'officer'], duration: null },
  { kind: 'approval', roles: ['leader'], duration: { unit: 'working-hours', value: 2 } },
] };

describe('workflow steps form', () => {
  it('shows every step, ticked where the version has it, and gives back exactly the version', () => {
    const form = toWorkflowForm(AT_COUNTER);
    expect(form.map((s) => [s.kind, s.on])).toEqual([['counter', true], ['processing', false], ['approval', true]]);
    expect(form[1]!.roles).toEqual(['officer']); // an unticked step keeps the default's roles to tick it back
    expect(form[2]).toMatchObject({ limit: 'working-hours', value: '2' });
    expect(toWorkflow(form)).toEqual(AT_COUNTER);
    expect(toWorkflow(toWorkflowForm(undefined))).toEqual(DEFAULT_WORKFLOW);
  });

  it('sends an empty number as 0 so that the core names the field', () => {
    const form = toWorkflowForm(AT_COUNTER).map((s) => (s.kind === 'approval' ? { ...s, value: '' } : s));
    expect(toWorkflow(form).steps[1]!.duration).toEqual({ unit: 'working-hours', value: 0 });
  });

  it('maps the core\'s paths to the controls of the row they name', () => {
    const form = toWorkflowForm(AT_COUNTER);
    expect(workflowFieldId('workflow.steps.1.roles', form)).toBe('workflow-approval-role-0');
    expect(workflowFieldId('workflow.steps.1.duration.value', form)).toBe('workflow-approval-value');
    expect(workflowFieldId('workflow.steps.0.kind', form)).toBe('workflow-counter-on');
    expect(workflowFieldId('workflow.steps', form)).toBe('workflow-counter-role-0');
    expect(workflowFieldId('fees.0.name', form)).toBeUndefined();
    const full = toWorkflowForm(DEFAULT_WORKFLOW);
    expect(workflowFieldId('workflow.steps.1.roles', full)).toBe('workflow-processing-role-0');
  });
});
