import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { QueueItem } from '../../../shared/contract/api-workflow';
import { focusWhenReady } from '../lib/focus';
import { formatInstant } from '../lib/format';
import { DossierDetailDialog } from '../screens/DossierDetailDialog';
import { timeLeftText } from './format';
import { Marks } from './Marks';
import './work.css';

export const rowId = (prefix: string, i: number) => `${prefix}-row-${i}`;

/**
 * A work list's keys, on the filter box that keeps focus: ↑/↓ (PgUp/PgDn by ten) move the highlighted row,
 * Enter opens it. The dossier opens in the key's own handler, and keys typed before its first action is on
 * screen go to that action (lib/focus.ts).
 */
export function useWorkList(rows: readonly QueueItem[], prefix: string, onClosed: () => void) {
  const [active, setActive] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const count = rows.length;
  useEffect(() => { setActive((i) => Math.min(i, Math.max(0, count - 1))); }, [count]);
  useEffect(() => { document.getElementById(rowId(prefix, active))?.scrollIntoView({ block: 'nearest' }); }, [active, prefix]);

  const open = (id: string | undefined) => {
    if (!id) return;
    flushSync(() => setOpenId(id));
    // Its next action once the page knows it (else its first slip, else "Đóng").
    focusWhenReady(() => {
      const page = document.querySelector<HTMLElement>('[data-testid="dossier-detail"] .detail[data-settled]');
      return page ? page.querySelector<HTMLElement>('[data-autofocus]') ?? document.querySelector<HTMLElement>('[data-testid="detail-close"]') : null;
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || e.altKey || e.ctrlKey || !count) return;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (step) {
      e.preventDefault();
      setActive((i) => Math.max(0, Math.min(count - 1, i + step)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(rows[active]?.dossierId);
    }
  };
  const dialog: ReactNode = openId
    ? <DossierDetailDialog id={openId} focusAction onClose={() => { setOpenId(null); onClosed(); }} />
    : null;
  return { active, setActive, onKeyDown, open, dialog };
}

/** Rows of a work list: number, applicant, procedure, stage and holder, due, time left, marks. */
export function WorkRows({ rows, offset = 0, active, prefix, perDay, showHolder, onPick, onOpen }: {
  rows: readonly QueueItem[]; offset?: number; active: number; prefix: string; perDay: number; showHolder?: boolean;
  onPick: (i: number) => void; onOpen: (id: string) => void;
}) {
  return (
    <>
      {rows.map((r, j) => {
        const i = offset + j;
        const late = r.marks.overdue;
        return (
          <tr key={r.dossierId} id={rowId(prefix, i)} className={`${i === active ? 'active' : ''}${late ? ' late' : ''}`} aria-selected={i === active}
            onClick={() => onPick(i)} onDoubleClick={() => onOpen(r.dossierId)} data-testid="work-row" data-number={r.number}>
            <td className="mono">{r.number}</td>
            <td>{r.applicantName}</td>
            <td>{r.procedureName}<div className="muted">{r.procedureCode}</div></td>
            <td>{r.stageName}{showHolder && r.holderName && <div className="muted">{r.holderName}</div>}</td>
            <td className="nowrap">{formatInstant(r.dueAt)}</td>
            <td className={`nowrap${late ? ' text-error' : ''}`} data-testid="work-left">{r.marks.paused ? 'tạm dừng' : timeLeftText(r.timeLeftMinutes, perDay, r.marks.overdue)}</td>
            <td><Marks marks={r.marks} /></td>
          </tr>
        );
      })}
    </>
  );
}

export const WORK_HEAD = (
  <tr><th>Mã hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Giai đoạn</th><th>Hẹn trả</th><th>Thời gian còn</th><th>Đánh dấu</th></tr>
);
