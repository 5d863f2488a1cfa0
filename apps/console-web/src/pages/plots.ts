import { get, messageOf } from '../api.js';
import { errorBox, field, fill, h, showError, table } from '../dom.js';
import { barChart, rankChart } from '../svg.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A chart in a region that scrolls sideways on a narrow screen (reachable with the keyboard). */
const chartRegion = (label: string, chart: SVGSVGElement) =>
  h('div', { class: 'chart-wrap', role: 'region', 'aria-label': label, tabindex: 0 }, chart);

interface Plots {
  from: number;
  hours: number;
  logins: number[];
  failures: number[];
  topAddresses: { address: string; failures: number }[];
  cut: boolean;
}

const HOUR = 3_600_000;

/** Logins and failures per hour, fleet-wide or of one host, and the addresses failing most. */
export function plotsPage(main: HTMLElement): void {
  const host = h('input', { id: 'plot-host', type: 'text', maxlength: 200 });
  const days = h(
    'select',
    { id: 'plot-days' },
    ...[1, 3, 7, 14, 31].map((d) =>
      h('option', { value: d, selected: d === 7 }, `${d} day${d > 1 ? 's' : ''}`),
    ),
  );
  const error = errorBox();
  const results = h('div', {});
  const form = h(
    'form',
    { class: 'filters' },
    field('Host (empty: every host)', host),
    field('Over the last', days),
    h('button', { type: 'submit' }, 'Draw'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  fill(main, h('h1', {}, 'Plots'), form, error, results);

  async function load(): Promise<void> {
    showError(error, undefined);
    try {
      const p = await get<Plots>('plots', { host: host.value, days: days.value });
      const labels = p.logins.map((_, i) => {
        const t = new Date(p.from + i * HOUR).toISOString();
        return `${t.slice(5, 10)} ${t.slice(11, 13)}h`;
      });
      const every = Math.max(1, Math.ceil(p.hours / 8));
      const scope = host.value ? `host ${host.value}` : 'every host';
      const logins = p.logins.reduce((a, b) => a + b, 0);
      const failures = p.failures.reduce((a, b) => a + b, 0);
      fill(
        results,
        h('h2', {}, `Logins and failures per hour (UTC), ${scope}`),
        h(
          'p',
          { role: 'status' },
          `${count(logins, 'login', 'logins')} and ${count(failures, 'failure', 'failures')}${p.cut ? ' (cut: too many entries to count them all)' : ''}`,
        ),
        chartRegion(
          'Logins and failures per hour',
          barChart(
            `Logins and failed logins per hour, ${scope}`,
            [
              { name: 'logins', className: 'logins', values: p.logins },
              { name: 'failures', className: 'failures', values: p.failures },
            ],
            labels,
            every,
          ),
        ),
        h('h2', {}, 'Failures per address'),
        p.topAddresses.length
          ? chartRegion(
              'Failures per address',
              rankChart(
                'Failed logins per address, most first',
                p.topAddresses.map((a) => ({ label: a.address, value: a.failures })),
              ),
            )
          : h('p', {}, 'No failed login in this time.'),
        h(
          'details',
          {},
          h('summary', {}, 'The numbers as a table'),
          table(
            'Failures per address',
            ['address', 'failures'],
            p.topAddresses.map((a) =>
              h('tr', {}, h('td', {}, a.address), h('td', { class: 'num' }, a.failures)),
            ),
          ),
        ),
      );
    } catch (e) {
      fill(results);
      showError(error, messageOf(e));
    }
  }
  void load();
}
