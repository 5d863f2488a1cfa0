import { post, whenSignedOut, get, messageOf } from './api.js';
import { errorBox, field, fill, h, showError } from './dom.js';
import { alertsPage } from './pages/alerts.js';
import { atPage } from './pages/at.js';
import { historyPage } from './pages/history.js';
import { hostsPage } from './pages/hosts.js';
import { integrityPage } from './pages/integrity.js';
import { plotsPage } from './pages/plots.js';
import { sessionsPage } from './pages/sessions.js';
import type { Me } from './types.js';

/** What a page leaves running (a live stream), stopped when another page is shown. */
export type Leave = () => void;
type Page = (main: HTMLElement, arg: string, me: Me) => Leave | void;

const PAGES: Record<string, { title: string; page: Page; nav?: string }> = {
  hosts: { title: 'Hosts', page: hostsPage, nav: 'Hosts' },
  host: { title: 'Sessions', page: sessionsPage },
  alerts: { title: 'Alerts', page: alertsPage, nav: 'Alerts' },
  history: { title: 'History', page: historyPage, nav: 'History' },
  at: { title: 'Who was in at T', page: atPage, nav: 'Who was in at T' },
  integrity: { title: 'Integrity', page: integrityPage, nav: 'Integrity' },
  plots: { title: 'Plots', page: plotsPage, nav: 'Plots' },
};

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
let leave: Leave | void;
let me: Me | undefined;

/** The route of the address's fragment: "#/host/truenas" is page "host", argument "truenas". */
function route(): { name: string; arg: string } {
  const [, name = 'hosts', ...rest] = location.hash.split('/');
  return { name: PAGES[name] ? name : 'hosts', arg: decodeURIComponent(rest.join('/')) };
}

function drawNav(): void {
  const current = route().name;
  fill(
    nav,
    h(
      'ul',
      {},
      ...Object.entries(PAGES)
        .filter(([, p]) => p.nav)
        .map(([name, p]) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: `#/${name}`, 'aria-current': name === current ? 'page' : undefined },
              p.nav!,
            ),
          ),
        ),
      h('li', {}, h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')),
    ),
  );
}

function show(): void {
  if (leave) leave();
  leave = undefined;
  if (!me) return;
  const { name, arg } = route();
  drawNav();
  document.title = `${PAGES[name].title} · authtrail`;
  main.replaceChildren();
  leave = PAGES[name].page(main, arg, me);
  main.focus({ preventScroll: true });
}

async function signOut(): Promise<void> {
  await post('sign-out', {}).catch(() => undefined);
  signIn('signed out');
}

/** The sign-in form; `notice` says why it is shown. */
function signIn(notice?: string): void {
  if (leave) leave();
  leave = undefined;
  me = undefined;
  nav.replaceChildren();
  document.title = 'Sign in · authtrail';
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 1000,
  });
  const error = errorBox();
  const form = h(
    'form',
    { class: 'sign-in' },
    h('h1', {}, 'Sign in'),
    notice && h('p', { class: 'notice' }, notice),
    field('Console token', token),
    h('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showError(error, undefined);
    post('sign-in', { token: token.value })
      .then(start)
      .catch((e: unknown) => showError(error, messageOf(e)));
  });
  fill(main, form);
  token.focus();
}

async function start(): Promise<void> {
  try {
    me = await get<Me>('me');
  } catch {
    return;
  }
  show();
}

whenSignedOut((message) => signIn(message));
window.addEventListener('hashchange', show);
void start();
