/**
 * Chooses a reader for a data file: by its first bytes where the format has a signature
 * (Stata, SPSS, zip-based .xlsx, the old binary .xls), else by extension (.csv/.tsv/.txt).
 * `readDataFile` then reads it with the per-format options.
 */
import { promises as fsp } from 'node:fs';
import { basename, extname } from 'node:path';
import { silentContext } from '../engine/context';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import type { CsvOptions } from './csv';
import { readCsv } from './csv';
import type { DtaReadOptions } from './dta';
import { readDta } from './dta';
import type { SavReadOptions } from './sav';
import { readSav } from './sav';
import type { XlsxReadOptions } from './xlsx';
import { readXlsx } from './xlsx';

export type DataFormat = 'csv' | 'dta' | 'sav' | 'xlsx';

export interface ReadDataOptions {
  csv?: CsvOptions;
  dta?: DtaReadOptions;
  sav?: SavReadOptions;
  xlsx?: XlsxReadOptions;
  /** Skip detection and use this reader. */
  format?: DataFormat;
}

export interface ReadDataResult {
  frame: Frame;
  format: DataFormat;
  /** The reader's own report (encoding, version, sheet, notes …). */
  info: Record<string, unknown>;
}

/** The format of a file, from its signature or else its extension. */
export async function detectFormat(path: string): Promise<DataFormat> {
  const label = basename(path);
  const fh = await fsp.open(path, 'r').catch(() => {
    throw new UserError('file_not_found', `Cannot open "${label}": the file does not exist or is not readable.`, { file: label });
  });
  const head = Buffer.alloc(16);
  const { bytesRead } = await fh.read(head, 0, 16, 0);
  await fh.close();
  const h = head.subarray(0, bytesRead);
  const ext = extname(path).toLowerCase();
  if (h.toString('latin1', 0, 11) === '<stata_dta>') return 'dta';
  if ([113, 114, 115].includes(h[0]) && (h[1] === 1 || h[1] === 2) && h[2] === 1) return 'dta';
  if (h.toString('latin1', 0, 4) === '$FL2' || h.toString('latin1', 0, 4) === '$FL3') return 'sav';
  if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 3 && h[3] === 4) {
    if (ext === '.xlsx' || ext === '.xlsm' || ext === '') return 'xlsx';
    throw new UserError('unsupported_format', `"${label}" is a zip archive, not a data file Causeway reads (.csv, .dta, .sav, .xlsx).`, { file: label });
  }
  if (h[0] === 0xd0 && h[1] === 0xcf && h[2] === 0x11 && h[3] === 0xe0)
    throw new UserError('unsupported_format', `"${label}" is an old Excel .xls (or another Office 97–2003) file; open it in Excel or WPS and save it as .xlsx.`, { file: label });
  if (ext === '.dta' || ext === '.sav' || ext === '.zsav' || ext === '.xlsx')
    throw new UserError('damaged_file', `"${label}" has the extension ${ext} but does not start like one; the file is damaged or misnamed.`, { file: label });
  if (['.csv', '.tsv', '.tab', '.txt', ''].includes(ext)) return 'csv';
  throw new UserError('unsupported_format', `"${label}": Causeway reads .csv/.tsv/.txt, .dta, .sav/.zsav and .xlsx files.`, { file: label, extension: ext });
}

/** Reads any supported data file into a Frame. */
export async function readDataFile(path: string, options: ReadDataOptions = {}, ctx: RunContext = silentContext): Promise<ReadDataResult> {
  const format = options.format ?? (await detectFormat(path));
  switch (format) {
    case 'dta': {
      const r = await readDta(path, options.dta, ctx);
      return { frame: r.frame, format, info: { ...r.info } };
    }
    case 'sav': {
      const r = await readSav(path, options.sav, ctx);
      return { frame: r.frame, format, info: { ...r.info } };
    }
    case 'xlsx': {
      const r = await readXlsx(path, options.xlsx, ctx);
      return { frame: r.frame, format, info: { ...r.info } };
    }
    default: {
      const r = await readCsv(path, options.csv, ctx);
      return { frame: r.frame, format, info: { format: 'csv', ...r.info } };
    }
  }
}
