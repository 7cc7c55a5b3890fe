// "Thu phí" on the dossier page: the dossier's fee at a glance (owed, paid, exempt) and, while it is owed, a
// button opening the same collect panel as the Thu phí screen in a dialog. Closing it puts focus back on the
// button (the Dialog returns focus where it was).
import { useContext, useEffect, useState } from 'react';
import type { DossierFee, FeeSettings } from '../../../shared/contract/api-fees';
import { api } from '../api/client';
import { Dialog } from '../components/Dialog';
import { CurrentUser, mayCall } from '../lib/access';
import { formatMoney } from '../lib/format';
import { CollectPanel } from './CollectPanel';

export function FeeAction({ dossierId, onChanged }: { dossierId: string; onChanged?: () => void }) {
  const user = useContext(CurrentUser);
  const [fee, setFee] = useState<DossierFee | null>(null);
  const [settings, setSettings] = useState<FeeSettings | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    void api.call('fees.dossier', { dossierId }).then((f) => { if (live) setFee(f); }, () => undefined);
    return () => { live = false; };
  }, [dossierId]);
  if (!fee?.line || !user) return null;
  const canCollect = mayCall(user.role, 'fees.collect');
  const state = fee.record?.paid ? `đã thu ${formatMoney(fee.record.amount)}` : fee.record?.exemption ? 'được miễn' : fee.owed ? 'chưa thu' : 'không phải thu';
  return (
    <div className="fee-action inline" data-testid="dossier-fee">
      <span>Phí, lệ phí: {fee.line.name} — <strong>{state}</strong></span>
      {(fee.owed || fee.receipts.length > 0) && (
        <button type="button" data-testid="dossier-fee-open" onClick={() => { setOpen(true); void api.call('fees.getSettings', {}).then(setSettings, () => undefined); }}>
          {fee.owed && canCollect ? 'Thu phí…' : 'Xem phí, biên lai…'}
        </button>
      )}
      {open && (
        <Dialog title={`Thu phí, lệ phí · Hồ sơ ${fee.dossierNumber}`} onClose={() => setOpen(false)} wide testId="dossier-fee-dialog">
          <CollectPanel fee={fee} settings={settings} canCollect={canCollect} canOverride={mayCall(user.role, 'fees.overrideReturn')}
            dialog="dossier-fee-dialog" returnFocusId="dossier-fee-close" onChanged={(f) => { setFee(f); onChanged?.(); }} />
          <div className="dialog-actions">
            <button type="button" id="dossier-fee-close" onClick={() => setOpen(false)}>Đóng <kbd>Esc</kbd></button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
