/**
 * What "copy table" puts on the clipboard: HTML (pasted into Word, WPS or a mail client it
 * keeps the three-line rules and fonts) and tab-separated text (pasted into Excel it fills
 * one cell per value). The Electron shell writes both flavours at once.
 */
import { tableToTsv } from './csv';
import { tableToHtmlFragment } from './html';
import type { TableModel } from './table-model';

export interface ClipboardPayload {
  html: string;
  text: string;
}

export function tableToClipboard(model: TableModel): ClipboardPayload {
  return { html: `<meta charset="utf-8">${tableToHtmlFragment(model)}`, text: tableToTsv(model) };
}
