import { describe, expect, it } from 'vitest';
import { copyPath } from './SaveAsDialog';

describe('copyPath', () => {
  it('offers "<name> copy.causeway" in the folder of the project, on any platform', () => {
    expect(copyPath('/home/a/projects/Pilot.causeway', 'Pilot')).toBe('/home/a/projects/Pilot copy.causeway');
    expect(copyPath('C:\\Users\\a\\试点.causeway', '试点')).toBe('C:\\Users\\a\\试点 copy.causeway');
    expect(copyPath('Pilot.causeway', 'Pilot')).toBe('Pilot copy.causeway');
  });
});
