/**
 * Chunked random-access reading of a binary file for the .dta and .sav readers: a window of
 * the file is kept in memory and refilled on demand, so a multi-gigabyte file is never held
 * whole. Reading past the end is a damaged-file UserError naming the file and what was being
 * read.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { UserError } from '../engine/errors';

const WINDOW = 4 << 20;

export class BinaryCursor {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  /** Absolute file position of the next read. */
  pos = 0;
  little = true;

  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    readonly label: string,
  ) {}

  static async open(path: string, label: string): Promise<BinaryCursor> {
    const fh = await fsp.open(path, 'r').catch(() => {
      throw new UserError('file_not_found', `Cannot open "${label}": the file does not exist or is not readable.`, { file: label });
    });
    const { size } = await fh.stat();
    return new BinaryCursor(fh, size, label);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  damaged(what: string, extra: Record<string, unknown> = {}): UserError {
    return new UserError('damaged_file', `"${this.label}" is damaged or truncated: ${what}.`, { file: this.label, offset: this.pos, ...extra });
  }

  /** Makes bytes [pos, pos + n) available; `what` names the part being read for the error. */
  async need(n: number, what: string): Promise<void> {
    if (this.pos + n > this.size) throw this.damaged(`the file ends while reading ${what} (needs ${this.pos + n - this.size} more bytes)`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, WINDOW), this.size - this.pos);
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await this.fh.read(buf, got, len - got, this.pos + got);
      if (bytesRead === 0) throw this.damaged(`the file ends while reading ${what}`);
      got += bytesRead;
    }
    this.buf = buf;
    this.bufStart = this.pos;
  }

  /**
   * Buffers up to n bytes from pos (fewer at the end of the file) and returns how many are
   * available: for decoders whose records have no fixed size (SPSS compressed cases).
   */
  async fillUpTo(n: number): Promise<number> {
    const want = Math.min(n, this.size - this.pos);
    if (want > 0) await this.need(want, 'the data');
    return Math.max(0, Math.min(this.bufStart + this.buf.length - this.pos, this.size - this.pos));
  }

  advance(n: number): void {
    this.pos += n;
  }

  /** The buffer and the offset in it of the current position (valid after need()). */
  view(): { buf: Buffer; at: number } {
    return { buf: this.buf, at: this.pos - this.bufStart };
  }

  async bytes(n: number, what: string): Promise<Buffer> {
    await this.need(n, what);
    const at = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }

  async u8(what: string): Promise<number> {
    return (await this.bytes(1, what))[0];
  }
  async u16(what: string): Promise<number> {
    const b = await this.bytes(2, what);
    return this.little ? b.readUInt16LE(0) : b.readUInt16BE(0);
  }
  async u32(what: string): Promise<number> {
    const b = await this.bytes(4, what);
    return this.little ? b.readUInt32LE(0) : b.readUInt32BE(0);
  }
  async i32(what: string): Promise<number> {
    const b = await this.bytes(4, what);
    return this.little ? b.readInt32LE(0) : b.readInt32BE(0);
  }
  async u64(what: string): Promise<number> {
    const b = await this.bytes(8, what);
    const v = this.little ? b.readBigUInt64LE(0) : b.readBigUInt64BE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.damaged(`${what} is impossibly large`);
    return Number(v);
  }
  async f64(what: string): Promise<number> {
    const b = await this.bytes(8, what);
    return this.little ? b.readDoubleLE(0) : b.readDoubleBE(0);
  }

  /** Reads an exact ASCII tag such as "<data>"; a mismatch means the file is not what it claims. */
  async expect(tag: string): Promise<void> {
    const b = await this.bytes(tag.length, tag);
    if (b.toString('latin1') !== tag) throw this.damaged(`expected ${tag} at byte ${this.pos - tag.length} but found "${b.toString('latin1').replace(/[^\x20-\x7e]/g, '?')}"`);
  }
}

/** Bytes up to the first NUL, as a latin1 string (a lossless key; decode later). */
export function cString(buf: Buffer, start = 0, end = buf.length): string {
  let e = start;
  while (e < end && buf[e] !== 0) e++;
  return buf.toString('latin1', start, e);
}

/**
 * Text decoding of raw (latin1-keyed) strings once the encoding is known. `auto` picks UTF-8
 * when every string is valid UTF-8, else GB18030 (GBK's superset, usual for Chinese files)
 * when that decodes cleanly, else Windows-1252.
 */
export function chooseDecoder(raw: Iterable<string>, requested: string | undefined, fileLabel: string): { encoding: string; decode: (s: string) => string } {
  const make = (enc: string): { encoding: string; decode: (s: string) => string } => {
    const dec = ((): InstanceType<typeof TextDecoder> => {
      try {
        return new TextDecoder(enc);
      } catch {
        throw new UserError('unknown_encoding', `Unknown text encoding "${enc}" for "${fileLabel}". Use e.g. utf-8, gbk, gb18030, big5 or windows-1252.`, { file: fileLabel, encoding: enc });
      }
    })();
    return { encoding: dec.encoding, decode: (s) => (isAscii(s) ? s : dec.decode(Buffer.from(s, 'latin1'))) };
  };
  if (requested && requested !== 'auto') return make(requested === 'gbk' ? 'gb18030' : requested);
  const nonAscii: Buffer[] = [];
  for (const s of raw) if (!isAscii(s)) nonAscii.push(Buffer.from(s, 'latin1'));
  const decodesAs = (enc: string): boolean => {
    const d = new TextDecoder(enc, { fatal: true });
    try {
      for (const b of nonAscii) d.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  if (decodesAs('utf-8')) return make('utf-8');
  if (decodesAs('gb18030')) return make('gb18030');
  return make('windows-1252');
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
