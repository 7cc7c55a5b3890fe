import { useEffect, useState } from 'react';
import type { ProcedureVersion } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { focusWhenReady } from '../lib/focus';
import { formatDateKey, formatMoney } from '../lib/format';
import { VersionForm } from './VersionForm';

/** The local catalogue: procedures in force, each one's version history, and new versions (never overwrites). */
export function CatalogueAdmin() {
  const [list, setList] = useState<ProcedureVersion[]>([]);
  const [selected, setSelected] = useState<ProcedureVersion | null>(null);
  const [history, setHistory] = useState<ProcedureVersion[]>([]);
  const [editing, setEditing] = useState<'none' | 'version' | 'new'>('none');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  // After the form closes, focus goes back to the button that leads to it (created: the new version's one).
  const closeForm = (then: 'version' | 'new') => {
    setEditing('none');
    focusWhenReady(() => document.getElementById(then === 'version' ? 'catalogue-new-version' : 'catalogue-new-procedure'));
  };

  const load = () => api.call('procedures.search', { query: '', limit: 200 }).then(setList, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  useEffect(() => { void load(); }, []);
  useEffect(() => {
    if (!selected) return setHistory([]);
    api.call('procedures.history', { code: selected.code }).then(setHistory, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, [selected]);

  return (
    <div className="catalogue">
      <div className="toolbar">
        <span className="muted">{list.length} thủ tục đang áp dụng</span>
        <button type="button" id="catalogue-new-procedure" onClick={() => { setSelected(null); setEditing('new'); }}>Thêm thủ tục mới</button>
      </div>
      <table className="table compact">
        <thead><tr><th>Mã</th><th>Thủ tục</th><th>Lĩnh vực</th><th>Thời hạn</th><th>Phí</th><th>Áp dụng từ</th></tr></thead>
        <tbody>
          {list.map((p) => (
            <tr key={p.id} className={selected?.id === p.id ? 'active' : undefined}>
              <td className="mono"><button type="button" className="link-button" onClick={() => { setSelected(p); setEditing('none'); }}>{p.code}</button></td>
              <td>{p.name}</td><td>{p.sector}</td><td>{p.durationText}</td>
              <td>{p.fees.map((f) => (f.amount ? formatMoney(f.amount) : 'Miễn')).join(', ') || 'Không'}</td>
              <td>{formatDateKey(p.validFrom)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Under the list, next to what the message is about (the list is long; its top is far away). */}
      {message && <Notice kind={message.kind} testId="catalogue-message">{message.text}</Notice>}

      {selected && editing === 'none' && (
        <section className="section">
          <h3>Lịch sử phiên bản: {selected.code} – {selected.name}</h3>
          <table className="table compact">
            <thead><tr><th>Từ ngày</th><th>Đến ngày</th><th>Thời hạn</th><th>Số giấy tờ</th><th>Kết quả giải quyết</th></tr></thead>
            <tbody>
              {history.map((v) => (
                <tr key={v.id}>
                  <td>{formatDateKey(v.validFrom)}</td><td>{v.validTo ? formatDateKey(v.validTo) : '—'}</td><td>{v.durationText}</td><td>{v.components.length}</td>
                  <td>
                    <ul className="plain">
                      {v.results.map((r, i) => <li key={i}>{r.name}{r.code && <> <span className="mono muted">({r.code})</span></>}</li>)}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions"><button type="button" id="catalogue-new-version" className="primary" onClick={() => setEditing('version')}>Tạo phiên bản mới</button></div>
        </section>
      )}
      {editing !== 'none' && (
        <VersionForm
          key={`${editing}-${selected?.id ?? ''}`}
          base={editing === 'version' ? selected : null}
          onCancel={() => closeForm(editing === 'version' ? 'version' : 'new')}
          onCreated={(v) => {
            closeForm('version');
            setMessage({ kind: 'success', text: `Đã tạo phiên bản áp dụng từ ${formatDateKey(v.validFrom)} cho thủ tục ${v.code}.` });
            setSelected(v);
            void load();
          }}
        />
      )}
    </div>
  );
}
