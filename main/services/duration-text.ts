/** How a procedure's legal duration reads on form 01 and in the UI. */
export function durationText(unit: string, value: number, cutoff: string | null): string {
  const n = String(value).padStart(2, '0');
  switch (unit) {
    case 'working-days': return `${n} ngày làm việc`;
    case 'days': return `${n} ngày`;
    case 'working-hours': return `${n} giờ làm việc`;
    case 'same-day': return cutoff ? `Trong ngày (nhận sau ${cutoff.replace(':', ' giờ ')} trả vào ngày làm việc tiếp theo)` : 'Trong ngày';
    default: return `${value} (${unit})`;
  }
}
