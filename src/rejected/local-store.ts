/**
 * Kept records in a local folder (shell use). A part is created exclusively (`wx`: an existing
 * file is never overwritten), appended to while it has room, and every write is fsynced (with the
 * folder, when the file is new) before it counts as stored.
 */
import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { probeName, StoreProbeError, type PartStore, type WriteResult } from './part-store.js';

export class LocalStore implements PartStore {
  readonly appendable = true;
  readonly where: string;
  readonly #root: string;

  constructor(path: string) {
    this.#root = resolve(path);
    this.where = `folder ${this.#root}`;
  }

  name(path: string): string {
    return join(this.#root, ...path.split('/'));
  }

  async write(path: string, text: string, fresh: boolean): Promise<WriteResult> {
    const file = this.name(path);
    if (fresh) await mkdir(dirname(file), { recursive: true });
    let handle;
    try {
      handle = await open(file, fresh ? 'wx' : 'a');
    } catch (error) {
      if (fresh && (error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    }
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (fresh) await syncFolder(dirname(file));
    return 'written';
  }

  async probe(): Promise<void> {
    try {
      await mkdir(this.#root, { recursive: true });
    } catch (error) {
      throw new StoreProbeError(`creating the folder ${this.#root}`, describeFsError(error));
    }
    const file = join(this.#root, probeName());
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile('probe\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new StoreProbeError(`writing a file in the folder ${this.#root}`, describeFsError(error));
    }
    try {
      await unlink(file);
    } catch (error) {
      throw new StoreProbeError(`removing the probe file ${file}`, describeFsError(error));
    }
  }

  close(): void {}
}

/** A new file's name is durable once its folder is synced too. Some systems refuse to sync a folder: it is then skipped. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // EISDIR / EINVAL / EPERM on platforms without folder fsync.
  } finally {
    await handle?.close();
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const hints: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file of that name exists',
    ENOENT: 'no such folder',
  };
  if (code !== undefined) return `${code} (${hints[code] ?? 'file system error'})`;
  return error instanceof Error ? error.message : String(error);
}
