// The leader's charts (recharts): each share against its target, the months of the period, and how the
// resolved dossiers stand against their due dates.
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { INDICATOR_LABEL, type Indicators } from '../../../shared/contract/api-indicators';
import { monthLabel, percent } from './period';

const COLORS = ['#1f5fbf', '#2e8540', '#c26a00', '#7b3fa0', '#0b7a8a', '#b32d2e'];
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const asPercent = (v: unknown) => (typeof v === 'number' ? `${String(v).replace('.', ',')} %` : '—');

export function SharesChart({ ind }: { ind: Indicators }) {
  const data = ind.shares.map((s) => ({ name: s.label, value: pct(s.value), target: pct(s.target) }));
  return (
    <figure className="kpi-chart" data-testid="chart-shares">
      <figcaption>Tỷ lệ đạt được so với chỉ tiêu</figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} layout="vertical" margin={{ left: 24, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} unit=" %" />
          <YAxis type="category" dataKey="name" width={260} tick={{ fontSize: 12 }} />
          <Tooltip formatter={asPercent} />
          <Legend />
          <Bar dataKey="value" name="Đạt được" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="target" name="Chỉ tiêu" fill="#c9ced6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function MonthsChart({ ind }: { ind: Indicators }) {
  if (ind.months.length < 2) return null;
  const data = ind.months.map((m) => ({ month: monthLabel(m.month), ...Object.fromEntries(Object.entries(m.values).map(([k, v]) => [k, pct(v)])) }));
  return (
    <figure className="kpi-chart" data-testid="chart-months">
      <figcaption>Theo tháng</figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ left: 8, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis domain={[0, 100]} unit=" %" />
          <Tooltip formatter={asPercent} />
          <Legend />
          {ind.shares.map((s, i) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={INDICATOR_LABEL[s.key]} stroke={COLORS[i % COLORS.length]} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function TimelinessChart({ ind }: { ind: Indicators }) {
  const { early, onTime, late } = ind.timeliness;
  const total = early + onTime + late;
  if (!total) return null;
  const data = [{ name: 'Sớm hạn', value: early }, { name: 'Đúng hạn', value: onTime }, { name: 'Trễ hạn', value: late }];
  return (
    <figure className="kpi-chart" data-testid="chart-timeliness">
      <figcaption>Hồ sơ có kết quả trong kỳ ({total}): sớm {percent(early / total)}, đúng hạn {percent(onTime / total)}, trễ {percent(late / total)}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <PieChart>
          <Pie data={data} dataKey="value" nameKey="name" outerRadius={90} label isAnimationActive={false}>
            {data.map((d, i) => <Cell key={d.name} fill={['#2e8540', '#1f5fbf', '#b32d2e'][i]} />)}
          </Pie>
          <Tooltip />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
    </figure>
  );
}
