/**
 * The import dialog's choices → `importOptions` of the contract. Pure, so it is tested alone.
 * The file kind (from its extension) decides which choices apply: delimiter and missing codes
 * for text files, sheet and header rows for Excel, the text encoding of old Stata and SPSS files.
 */
import type { ImportOptions } from '../../../../shared/contract';

export type EncodingChoice = 'auto' | 'utf-8' | 'gbk' | 'gb18030' | 'big5' | 'windows-1252';
export type FileKind = 'text' | 'excel' | 'stata' | 'spss';

/** Encodings offered per kind: text files are read as UTF-8 or GBK/GB18030; Stata (before 14) and SPSS files may also be Big5 or Western European. */
export const ENCODINGS_FOR: Record<Exclude<FileKind, 'excel'>, readonly EncodingChoice[]> = {
  text: ['auto', 'utf-8', 'gbk', 'gb18030'],
  stata: ['auto', 'utf-8', 'gbk', 'big5', 'windows-1252'],
  spss: ['auto', 'utf-8', 'gbk', 'big5', 'windows-1252'],
};

/** What kind of file a name suggests; the Node side checks the file's own signature too. */
export function fileKind(fileName: string): FileKind {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'xlsx' || ext === 'xlsm') return 'excel';
  if (ext === 'dta') return 'stata';
  if (ext === 'sav' || ext === 'zsav') return 'spss';
  return 'text';
}
export type DelimiterChoice = 'auto' | ',' | '\t' | ';';

/** Markers the reader treats as missing unless told otherwise (main/io/csv.ts). */
export const DEFAULT_MISSING = ['', 'NA', '.'];

export interface ImportChoices {
  encoding: EncodingChoice;
  delimiter: DelimiterChoice;
  /** Extra missing-value codes as typed: "-99, -999, n/a". */
  missingText: string;
  /** Default "text" (a CSV or TSV file). */
  kind?: FileKind;
  /** Excel: the sheet's name ("" = the first sheet). */
  sheet?: string;
  /** Excel: the row of the (first) header row, as typed ("" = 1). */
  headerRow?: string;
  /** Excel: how many header rows to join ("" = 1). */
  headerRows?: string;
}

/**
 * Numbers typed as missing codes become numeric codes (so -99 also matches "-99.0"); other
 * tokens become text markers added to the defaults, which stay on.
 */
export function toImportOptions(choices: ImportChoices): ImportOptions {
  const options: ImportOptions = {};
  const kind = choices.kind ?? 'text';
  if (kind === 'excel') {
    if (choices.sheet) options.sheet = choices.sheet;
    const row = Number(choices.headerRow?.trim() || '1');
    if (row !== 1) options.headerRow = row;
    const rows = Number(choices.headerRows?.trim() || '1');
    if (rows !== 1) options.headerRows = rows;
    return options;
  }
  if (choices.encoding !== 'auto') options.encoding = choices.encoding;
  if (kind !== 'text') return options;
  if (choices.delimiter !== 'auto') options.delimiter = choices.delimiter;
  const tokens = choices.missingText
    .split(/[,，;；]/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const codes: number[] = [];
  const markers: string[] = [];
  for (const token of tokens) {
    const x = Number(token);
    if (Number.isFinite(x)) {
      if (!codes.includes(x)) codes.push(x);
    } else if (!DEFAULT_MISSING.includes(token) && !markers.includes(token)) {
      markers.push(token);
    }
  }
  if (codes.length > 0) options.missingCodes = codes;
  if (markers.length > 0) options.missing = [...DEFAULT_MISSING, ...markers];
  return options;
}

/** Excel numbers typed that cannot be used: the header row is 1 or more, header rows 0 to 10. */
export function excelChoiceErrors(choices: Pick<ImportChoices, 'headerRow' | 'headerRows'>): { headerRow: boolean; headerRows: boolean } {
  const whole = (text: string | undefined, min: number, max: number): boolean => {
    const x = Number(text?.trim() || '1');
    return Number.isInteger(x) && x >= min && x <= max;
  };
  return { headerRow: !whole(choices.headerRow, 1, 1_048_576), headerRows: !whole(choices.headerRows, 0, 10) };
}

/** The dataset name offered for a file: its name without the extension. */
export function datasetNameFromFile(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return base.trim().slice(0, 200);
}
