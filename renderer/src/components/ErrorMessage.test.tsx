// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { ApiError } from '../api/client';
import { createI18n, type Language } from '../i18n';
import { ErrorMessage } from './ErrorMessage';

afterEach(cleanup);

function show(error: unknown, language: Language): void {
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ErrorMessage error={error} />
    </I18nextProvider>,
  );
}

describe('ErrorMessage', () => {
  it('heads an engine error with the sentence of its dotted code, then the English message', () => {
    show(new ApiError('did.treatment_not_binary', 'The treatment column "d" must hold 0/1 values, but row 3 holds 2.', { column: 'd', row: 3 }), 'zh-CN');
    expect(screen.getByText('处理变量（或处理组标识）列只能取 0 和 1。').className).toBe('error-title');
    expect(screen.getByText(/row 3 holds 2/)).toBeTruthy();
    expect(screen.getByText('d')).toBeTruthy();
  });

  it('uses the sentence of a plain code in English', () => {
    show(new ApiError('rd_q', 'The bias-correction order q (1) must be larger than p (1).'), 'en');
    expect(screen.getByText('The bias-correction order q must be larger than the polynomial order p.')).toBeTruthy();
  });

  it('falls back to the generic heading for unknown codes and for a code naming a group', () => {
    show(new ApiError('no_such_code', 'x'), 'zh-CN');
    show(new ApiError('did', 'y'), 'zh-CN');
    expect(screen.getAllByText('出现了问题。')).toHaveLength(2);
  });
});
