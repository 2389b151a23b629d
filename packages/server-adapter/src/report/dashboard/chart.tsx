/** A line chart as inline SVG, rendered on the server: titled and described for screen readers. */

export interface Series {
  name: string;
  color: string;
  /** One per label; null where there is no value (the line breaks there rather than dropping to 0). */
  values: (number | null)[];
  /** Dashed stroke (told apart without colour). */
  dashed?: boolean;
}

export interface LineChartProps {
  id: string;
  title: string;
  /** One sentence for screen readers: what the chart shows and its highlights. */
  description: string;
  /** X labels (days), one per value. */
  labels: string[];
  series: Series[];
  format: (value: number) => string;
  /** The y axis's tick labels, when `format` is too long for the axis (e.g. 20K rather than 20,000.00). */
  tick?: (value: number) => string;
  width?: number;
  height?: number;
}

/** Up to `count` round tick values from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The indexes of each run of consecutive values that are not null. */
function runs(values: (number | null)[]): number[][] {
  const found: number[][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const last = found[found.length - 1];
    if (last && last[last.length - 1] === i - 1) last.push(i);
    else found.push([i]);
  });
  return found;
}

export function LineChart({ id, title, description, labels, series, format, tick = format, width = 640, height = 220 }: LineChartProps) {
  const pad = { left: 64, right: 16, top: 16, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const ticks = niceTicks(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))));
  const top = ticks[ticks.length - 1] || 1;
  const x = (i: number) => pad.left + (labels.length > 1 ? (i / (labels.length - 1)) * plotW : plotW / 2);
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;
  const shown = labels.length <= 1 ? labels.map((_, i) => i) : [0, Math.floor((labels.length - 1) / 2), labels.length - 1];
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" data-chart={id}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#d0d4da" stroke-width="1" />
            <text x={pad.left - 8} y={y(t) + 4} text-anchor="end" font-size="12" fill="#333">{tick(t)}</text>
          </g>
        ))}
        {shown.map((i) => (
          <text key={i} x={x(i)} y={height - 12} text-anchor={labels.length > 1 && i === 0 ? 'start' : labels.length > 1 && i === labels.length - 1 ? 'end' : 'middle'} font-size="12" fill="#333">{labels[i]}</text>
        ))}
        {series.flatMap((s) => runs(s.values).map((run) => (run.length > 1
          ? <polyline key={`${s.name}-${run[0]}`} fill="none" stroke={s.color} stroke-width="2.5" stroke-dasharray={s.dashed ? '6 4' : undefined}
            points={run.map((i) => `${x(i).toFixed(1)},${y(s.values[i]!).toFixed(1)}`).join(' ')} data-series={s.name} />
          : <circle key={`${s.name}-${run[0]}`} cx={x(run[0]!).toFixed(1)} cy={y(s.values[run[0]!]!).toFixed(1)} r="2.5" fill={s.color} data-series={s.name} />)))}
      </svg>
      <figcaption>
        {series.map((s) => (
          <span key={s.name} class="legend">
            <svg width="24" height="10" aria-hidden="true"><line x1="0" x2="24" y1="5" y2="5" stroke={s.color} stroke-width="3" stroke-dasharray={s.dashed ? '6 4' : undefined} /></svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
