/** Small SVG charts built with DOM calls: no library, no markup strings, no inline style. */

const NS = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A round upper bound for an axis: 1, 2, 5 × 10^n. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max)!;
}

export interface Series {
  name: string;
  className: string;
  values: number[];
}

/**
 * Bars per slot (hours), one series beside the other, with a y axis of three ticks and x labels
 * every `labelEvery` slots; `title` is the chart's accessible name.
 */
export function barChart(
  title: string,
  series: Series[],
  labels: string[],
  labelEvery: number,
): SVGSVGElement {
  const width = 960;
  const height = 260;
  const left = 44;
  const bottom = 40;
  const top = 12;
  const slots = labels.length;
  const max = niceMax(Math.max(0, ...series.flatMap((x) => x.values)));
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const slotW = plotW / Math.max(slots, 1);
  const barW = Math.max(slotW / series.length - 0.5, 0.5);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' },
    s('title', {}, title),
  );
  for (const tick of [0, max / 2, max]) {
    svg.append(
      s('line', { x1: left, x2: width - 8, y1: y(tick), y2: y(tick), class: 'grid' }),
      s('text', { x: left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, String(tick)),
    );
  }
  series.forEach((one, k) => {
    one.values.forEach((v, i) => {
      if (v === 0) return;
      svg.append(
        s(
          'rect',
          {
            x: left + i * slotW + k * barW,
            y: y(v),
            width: barW,
            height: top + plotH - y(v),
            class: one.className,
          },
          s('title', {}, `${labels[i]}: ${v} ${one.name}`),
        ),
      );
    });
  });
  for (let i = 0; i < slots; i += labelEvery) {
    svg.append(
      s('text', { x: left + i * slotW, y: height - bottom + 16, class: 'axis' }, labels[i]),
    );
  }
  series.forEach((one, k) => {
    const x = left + k * 140;
    svg.append(
      s('rect', { x, y: height - 14, width: 10, height: 10, class: one.className }),
      s('text', { x: x + 14, y: height - 5, class: 'axis' }, one.name),
    );
  });
  return svg;
}

/** Horizontal bars, one per label, longest first as given. */
export function rankChart(title: string, rows: { label: string; value: number }[]): SVGSVGElement {
  const rowH = 24;
  const width = 960;
  const labelW = 260;
  const height = Math.max(rows.length, 1) * rowH + 8;
  const max = niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' },
    s('title', {}, title),
  );
  rows.forEach((row, i) => {
    const w = ((width - labelW - 60) * row.value) / max;
    svg.append(
      s(
        'text',
        { x: labelW - 8, y: i * rowH + 17, class: 'axis', 'text-anchor': 'end' },
        row.label,
      ),
      s('rect', {
        x: labelW,
        y: i * rowH + 4,
        width: Math.max(w, 1),
        height: rowH - 8,
        class: 'failures',
      }),
      s('text', { x: labelW + w + 6, y: i * rowH + 17, class: 'axis' }, String(row.value)),
    );
  });
  return svg;
}
