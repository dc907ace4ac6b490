/**
 * Reading and validating a round file for a command. A file that cannot be read or parsed, or that
 * fails validation, is bad input: the command prints every problem and exits 2 without doing anything.
 */
import { validateLaunch, validateRound, type ValidateOptions } from '../domain/validate';
import { buildPlan } from '../domain/plan';
import type { Problem, Round, ValidationResult } from '../domain/round-file';
import { readRoundFile } from './round-file-io';
import { InputError, Reported, EXIT_INPUT } from './exit';
import type { Printer } from './output';

export async function readInput(file: string): Promise<unknown> {
  try {
    return await readRoundFile(file);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

/** `options.now`: the launch the file's dates count from (two years at most after it). */
export async function validateFile(file: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  return validateInput(await readInput(file), options);
}

/**
 * The file's own problems, then, given the launch (`options.now`), what only the plan built for it can
 * tell: a first video conference that is not after the launch (the round workflow refuses the same at
 * its start, so the coordinator hears of it here, with exit 2, rather than from a failed round), and the
 * date warnings (notes due after the step they serve), which validate and launch both print.
 */
function validateInput(input: unknown, options: ValidateOptions): ValidationResult {
  const result = validateRound(input, options);
  if (!result.ok || options.now === undefined) return result;
  const launch = validateLaunch(buildPlan(result.round, options.now));
  if (launch.errors.length > 0) return { ok: false, errors: launch.errors, warnings: result.warnings };
  return { ...result, warnings: [...result.warnings, ...launch.warnings] };
}

export function printProblems(printer: Printer, file: string, errors: Problem[], warnings: Problem[]): void {
  const { red, yellow, bold } = printer.colors;
  if (errors.length > 0) {
    printer.line(bold(red(`${file}: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`)));
    for (const problem of errors) printer.line(`  ${red('error')}   ${problem.path || '(file)'}: ${problem.message}`);
  }
  if (warnings.length > 0) {
    printer.line(bold(yellow(`${file}: ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`)));
    for (const problem of warnings) printer.line(`  ${yellow('warning')} ${problem.path || '(file)'}: ${problem.message}`);
  }
}

/**
 * For commands that act on a round (launch, simulate): a valid round, or its problems printed and
 * exit 2. Warnings are printed (to stderr under --json) and do not stop anything.
 */
export async function requireValidRound(
  file: string,
  printer: Printer,
  options: ValidateOptions = {},
): Promise<{ round: Round; input: unknown; warnings: Problem[] }> {
  const input = await readInput(file);
  const result = validateInput(input, options);
  if (!result.ok) {
    if (printer.json) printer.result({ ok: false, errors: result.errors, warnings: result.warnings }, () => undefined);
    else printProblems(printer, file, result.errors, result.warnings);
    throw new Reported(EXIT_INPUT);
  }
  if (result.warnings.length > 0) {
    for (const warning of result.warnings) printer.warn(`warning ${warning.path}: ${warning.message}`);
  }
  return { round: result.round, input, warnings: result.warnings };
}
