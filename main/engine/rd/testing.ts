/** Test helper for the RD tests: the UserError code a call throws ('none' if it returns). */
import { isUserError } from '../errors';

export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e.code;
    throw e;
  }
  return 'none';
}
