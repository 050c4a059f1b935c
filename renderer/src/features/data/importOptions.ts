/**
 * The import dialog's choices → `importOptions` of the contract. Pure, so it is tested alone.
 */
import type { ImportOptions } from '../../../../shared/contract';

export type EncodingChoice = 'auto' | 'utf-8' | 'gbk' | 'gb18030';
export type DelimiterChoice = 'auto' | ',' | '\t' | ';';

/** Markers the reader treats as missing unless told otherwise (main/io/csv.ts). */
export const DEFAULT_MISSING = ['', 'NA', '.'];

export interface ImportChoices {
  encoding: EncodingChoice;
  delimiter: DelimiterChoice;
  /** Extra missing-value codes as typed: "-99, -999, n/a". */
  missingText: string;
}

/**
 * Numbers typed as missing codes become numeric codes (so -99 also matches "-99.0"); other
 * tokens become text markers added to the defaults, which stay on.
 */
export function toImportOptions(choices: ImportChoices): ImportOptions {
  const options: ImportOptions = {};
  if (choices.encoding !== 'auto') options.encoding = choices.encoding;
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

/** The dataset name offered for a file: its name without the extension. */
export function datasetNameFromFile(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return base.trim().slice(0, 200);
}
