/**
 * A recipe step as one line in Stata's words (`generate lny = log(y) if y > 0`,
 * `merge m:1 city using cities`), so the recipe reads like the do-file it replaces.
 */
import type { RecipeStep } from '../../../../shared/recipe';

type RecodeRule = Extract<RecipeStep, { op: 'recode' }>['rules'][number];
type From = Exclude<RecodeRule['from'], unknown[]>;

function quote(v: string | number | null): string {
  if (v === null) return '.';
  return typeof v === 'number' ? String(v) : `"${v}"`;
}

function fromText(f: From): string {
  if (typeof f === 'object') return `${f.min ?? 'min'}/${f.max ?? 'max'}`;
  return f === 'missing' ? 'missing' : quote(f);
}

function ruleText(r: RecodeRule): string {
  const from = (Array.isArray(r.from) ? r.from : [r.from]).map(fromText).join(' ');
  return `(${from} = ${quote(r.to)}${r.label ? ` "${r.label}"` : ''})`;
}

export function describeStep(step: RecipeStep): string {
  switch (step.op) {
    case 'rename':
      return `rename ${step.from} ${step.to}`;
    case 'label':
      return `label ${step.column}${step.label ? ` "${step.label}"` : ''}${step.valueLabels ? ` (${Object.keys(step.valueLabels).length} value labels)` : ''}`;
    case 'setType':
      return `${step.to === 'string' ? 'tostring' : step.to === 'date' ? 'todate' : 'destring'} ${step.column}${step.force ? ', force' : ''}`;
    case 'recode':
      return `recode ${step.column} ${step.rules.map(ruleText).join(' ')}${step.into ? `, generate(${step.into})` : ''}${step.otherwise === 'missing' ? ' (others missing)' : ''}`;
    case 'generate':
      return `${step.replace ? 'replace' : 'generate'} ${step.name} = ${step.expr}${step.if ? ` if ${step.if}` : ''}`;
    case 'drop':
    case 'keep':
      return `${step.op} ${step.columns.join(' ')}`;
    case 'filter':
      return `keep if ${step.expr}`;
    case 'lag': {
      const k = Math.abs(step.periods);
      const op = step.kind === 'diff' ? 'D' : step.periods > 0 ? 'L' : 'F';
      return `${op}${k === 1 ? '' : k}.${step.column}${step.into ? ` → ${step.into}` : ''} (${step.unit} × ${step.time})`;
    }
    case 'winsorize':
      return `${step.mode === 'trim' ? 'trim' : 'winsor'} ${step.columns.join(' ')}, cuts(${step.lower} ${step.upper})${step.by ? ` by(${step.by})` : ''}`;
    case 'standardize':
      return `standardize ${step.columns.join(' ')}${step.by ? `, by(${step.by})` : ''}`;
    case 'dummies':
      return `tabulate ${step.column}, generate(${step.prefix ?? step.column})${step.dropFirst ? ' (first dropped)' : ''}`;
    case 'relativeTime':
      return `${step.into ?? 'rel_time'} = ${step.time} − ${step.event}`;
    case 'treatment':
      return step.firstTreatColumn
        ? `treatment from ${step.firstTreatColumn} (${step.unit} × ${step.time})`
        : `treatment: ${step.treatedIds ? `${step.treatedIds.length} units` : step.treatedColumn} from ${step.policyTime}`;
    case 'merge':
      return `merge ${step.relationship} ${step.keys.map((k) => (typeof k === 'string' ? k : `${k.master}=${k.using}`)).join(' ')} using ${step.using}`;
    case 'append':
      return `append using ${step.datasets.join(' ')}`;
  }
}
