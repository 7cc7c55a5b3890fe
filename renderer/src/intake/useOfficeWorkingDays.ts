// The office's working days for the intake's own fee decision (a rule's period ending on a day off runs to the
// next working day, Bộ luật Dân sự 2015 Điều 148): the holidays of this year and the last, asked once per
// screen, so what the clerk sees is what the core records. Until they arrive, the statutory calendar.
import { useEffect, useState } from 'react';
import { workingDaysFromHolidays, type ListedHoliday } from '../../../shared/intake/office-days';
import type { WorkingDays } from '../../../shared/intake/fees';
import { api } from '../api/client';
import { vnDateKey } from '../lib/format';

export function useOfficeWorkingDays(): WorkingDays | undefined {
  const [days, setDays] = useState<WorkingDays | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const year = Number(vnDateKey(new Date()).slice(0, 4));
    // A period that ends before today lies in this year or the last; older ones are long past any day off.
    Promise.all([year - 1, year].map(async (y) => [y, await api.call('calendar.holidays', { year: y })] as [number, ListedHoliday[]]))
      .then((lists) => { if (live) setDays(workingDaysFromHolidays(new Map(lists))); }, () => undefined);
    return () => { live = false; };
  }, []);
  return days;
}
