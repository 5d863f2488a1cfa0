'use strict';
// `npm start`: builds when a source is newer than the build, then runs the service in this very
// process. npm starts it through `sh -c`, which does not exec it, and passes a SIGTERM on to that
// shell only: so the service watches the processes that started it and stops (as on SIGTERM:
// `stopped`, exit 0) once they are gone, instead of running on as an orphan holding the log.
const { readFileSync } = require('node:fs');
const { clearInterval, setInterval } = require('node:timers');
const { buildIfStale } = require('./build');

const WATCH_EVERY_MS = 500;

/** The parent of `pid` (Linux /proc); undefined where that cannot be read. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Stops the service once its parent, or npm above the shell npm ran it with, has gone. */
function endWithParents() {
  const parent = process.ppid;
  const watched = [parent];
  const grandparent = process.env.npm_lifecycle_event ? parentOf(parent) : undefined;
  if (grandparent !== undefined && grandparent > 1) watched.push(grandparent);
  const timer = setInterval(() => {
    if (process.ppid === parent && watched.every(alive)) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, WATCH_EVERY_MS);
  timer.unref();
}

if (!buildIfStale()) process.exit(1);
endWithParents();
require('../dist/apps/audit-service/src/main.js');
