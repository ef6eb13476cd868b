import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { sleep } from '../util/sleep.js';

/** LOCK_DIR is the lock of a migrations folder: a folder holding one owner file, created by one atomic rename. */
export const LOCK_DIR = '.metaxy.lock';

/** Holder is who holds a folder lock: a process of a host, since when, doing what. */
export interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly command: string;
}

/** holderText names a lock holder for people. */
export function holderText(h: Holder | null): string {
  return h ? `metaxy-compile ${h.command} (process ${h.pid} on ${h.host}, since ${h.started})` : 'a process that left no owner in the lock';
}

/** Lock is a held folder lock. */
export interface Lock {
  /** Holders taken over: their process had died (same host) without releasing. */
  readonly tookOver: readonly Holder[];
  readonly release: () => void;
}

/** alive tells whether a process of this host runs (EPERM: it runs as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lock: string): { file: string; holder: Holder | null } | null {
  try {
    const file = readdirSync(lock).find((n) => n.startsWith('owner-'));
    if (file === undefined) return null; // being released, or taken over
    const h = JSON.parse(readFileSync(path.join(lock, file), 'utf8')) as Partial<Holder>;
    const ok = typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started === 'string' && typeof h.command === 'string';
    return { file, holder: ok ? (h as Holder) : null };
  } catch (e) {
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return null; // released meanwhile
    return { file: '', holder: null };
  }
}

const orNothing = (f: () => void, ...codes: string[]) => {
  try {
    f();
  } catch (e) {
    if (!codes.includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
};

/** prepare writes this process's lock folder beside the lock, with its owner file (named uniquely) inside. */
function prepare(root: string, command: string): { me: Holder; prepared: string; owner: string } {
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const prepared = path.join(root, `${LOCK_DIR}.${id}`);
  const owner = `owner-${id}.json`;
  mkdirSync(prepared);
  writeFileSync(path.join(prepared, owner), `${JSON.stringify(me)}\n`);
  return { me, prepared, owner };
}

/**
 * acquireLock takes the lock of a migrations folder: a folder `.metaxy.lock` holding one file
 * that names the holder, prepared beside it and renamed into place (a rename onto a folder
 * that holds a file fails, so one process wins). A lock whose holder died on this host is
 * taken over: its owner file, unique to it, is removed, so two processes taking it over never
 * both win. Waits up to `waitMs`, then returns the holder (null when unreadable). The lock is
 * released by `release`, or when the process exits.
 */
export function acquireLock(root: string, waitMs: number, command: string): Lock | { busy: Holder | null } {
  const { me, prepared, owner } = prepare(root, command);
  const lock = path.join(root, LOCK_DIR);
  const deadline = Date.now() + waitMs;
  const tookOver: Holder[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(prepared, lock);
      return { tookOver, release: holdUntilExit(lock, owner) };
    } catch (e) {
      if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) {
        rmSync(prepared, { recursive: true, force: true });
        throw e;
      }
    }
    const found = readHolder(lock);
    if (found === null) continue;
    const { holder } = found;
    if (holder && holder.host === me.host && !alive(holder.pid)) {
      orNothing(() => unlinkSync(path.join(lock, found.file)), 'ENOENT');
      tookOver.push(holder);
      continue;
    }
    if (Date.now() >= deadline) {
      rmSync(prepared, { recursive: true, force: true });
      return { busy: holder };
    }
    sleep(Math.min(deadline - Date.now(), 10 + Math.min(attempt, 9) * 10 * Math.random()));
  }
}

/**
 * holdUntilExit releases the lock once: when asked, or when the process exits. A signal kills
 * the process at once (the CLI is synchronous: a handler would only run once the work is
 * done); the next run then takes the lock over from the dead process, with a warning.
 */
function holdUntilExit(lock: string, owner: string): () => void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    orNothing(() => unlinkSync(path.join(lock, owner)), 'ENOENT');
    // Another process may already have renamed its lock onto the emptied folder: then it stays.
    orNothing(() => rmdirSync(lock), 'ENOENT', 'ENOTEMPTY', 'EEXIST');
  };
  process.on('exit', release);
  return release;
}

/** staleLockParts removes lock folders prepared by processes of this host that died before renaming them into place. */
export function staleLockParts(root: string): void {
  for (const name of readdirSync(root)) {
    const m = /^\.metaxy\.lock\.(\d+)-[0-9a-f]+$/.exec(name);
    if (!m) continue;
    // Killed before it wrote its owner file, the part has only its name to tell the process.
    const h = readHolder(path.join(root, name))?.holder ?? { pid: Number(m[1]), host: hostname() };
    if (h.host === hostname() && !alive(h.pid)) rmSync(path.join(root, name), { recursive: true, force: true });
  }
}
