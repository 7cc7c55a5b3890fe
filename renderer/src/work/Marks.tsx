import type { WorkflowMarks } from '../../../shared/contract/api-workflow';
import { marksOf } from './format';

/** The dossier's marks as small labels (text, not colour alone: the label says it). */
export function Marks({ marks }: { marks: WorkflowMarks }) {
  const shown = marksOf(marks);
  if (!shown.length) return null;
  return (
    <span className="marks">
      {shown.map((m) => <span key={m.key} className={`mark mark-${m.tone}`} title={m.title} data-mark={m.key}>{m.label}</span>)}
    </span>
  );
}
