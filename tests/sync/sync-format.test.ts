import { describe, expect, it } from 'vitest';
import { blockedByLabel, blockedCountLabel, blockingLabel, nextAttemptLabel, type SyncItem } from '../../renderer/src/sync/format';

// What the sync screen and the status bar say about items held behind a parked one (issue 8, item 4).
const item = (over: Partial<SyncItem>): SyncItem => ({
  seq: 20, kind: 'dossier.progress', kindLabel: 'Tiến độ xử lý', dossierId: 'd1', dossierNumber: '000.00.13.H42-261206-0001',
  state: 'pending', stateLabel: 'Chờ mục trước của hồ sơ được xử lý', blocked: true, blockedBy: { seq: 12, kind: 'dossier.create', kindLabel: 'Tạo hồ sơ' },
  blocking: 0, attempts: 0, nextAttemptAt: null, lastError: null, createdAt: '2026-12-06T01:00:00.000Z', upload: null, detail: null, ...over,
});

describe('blocked items on the sync screen', () => {
  it('a blocked item names the parked item it waits behind, and when it will go', () => {
    expect(blockedByLabel(item({}))).toBe('Bị chặn bởi: Tạo hồ sơ (mục #12, cần xử lý)');
    expect(nextAttemptLabel(item({}), 'online', Date.now())).toBe('Khi mục chặn nó được xử lý');
    expect(blockedByLabel(item({ blocked: false, blockedBy: null, stateLabel: 'Đang chờ gửi' }))).toBeNull();
  });

  it('a parked item says how many items wait behind it; the status line counts the blocked ones apart', () => {
    expect(blockingLabel(item({ state: 'needs_attention', blocked: false, blockedBy: null, blocking: 3 }))).toBe('Đang chặn 3 mục sau của hồ sơ');
    expect(blockingLabel(item({ state: 'needs_attention', blocked: false, blockedBy: null, blocking: 0 }))).toBeNull();
    expect(blockedCountLabel(4)).toBe('4 mục bị chặn chờ xử lý');
    expect(blockedCountLabel(0)).toBeNull();
  });
});
