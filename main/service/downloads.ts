/**
 * Files the service prepares for the browser host to hand out (GET /download/<id>, with the
 * page's token): an export job reserves a place, writes the file there, and the download
 * becomes available only once the job has succeeded. Files live in one temporary folder that
 * goes when the service stops.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_PATHS } from '../../shared/contract';

export interface Reservation {
  id: string;
  /** Where the job writes the file. */
  path: string;
  /** The URL the page opens to download it. */
  url: string;
  name: string;
}

export class Downloads {
  private dir: string | null = null;
  private readonly files = new Map<string, { path: string; name: string; ready: boolean }>();

  /** A place for a file to be offered as `name` once `ready(id)` is called. */
  reserve(name: string): Reservation {
    if (!this.dir) this.dir = mkdtempSync(join(tmpdir(), 'causeway-downloads-'));
    const id = randomUUID();
    const path = join(this.dir, id);
    this.files.set(id, { path, name, ready: false });
    return { id, path, url: `${HOST_PATHS.download}/${id}`, name };
  }

  ready(id: string): void {
    const f = this.files.get(id);
    if (f) f.ready = true;
  }

  /** A finished download, or null (unknown id, job not finished or failed, file gone). */
  get(id: string): { path: string; name: string } | null {
    const f = this.files.get(id);
    if (!f || !f.ready || !existsSync(f.path)) return null;
    return { path: f.path, name: f.name };
  }

  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.files.clear();
  }
}
