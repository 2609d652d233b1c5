// `firemend show PLAN.json`: print a saved plan for a person. Reads the file only; contacts nothing.
import type { Command } from 'commander';
import { readPlan } from '../../plan/read-plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { shouldUseColor } from '../../report/style.js';
import { renderHtmlReport } from '../../report/html-report.js';
import { htmlViewOfPlan } from '../../report/html-view.js';

interface ShowFlags {
  json?: boolean;
  html?: boolean;
}

/** Register the `show` command. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show a saved plan: per host the exact commands apply would send, reboots, estimated duration, totals')
    .argument('<plan>', 'plan file written by firemend run --check --plan-out')
    .option('--json', 'print the plan as JSON (after the same integrity checks)')
    .option('--html', 'print the plan as one self-contained HTML page (causes, device × step matrix, commands planned): firemend show --html PLAN > plan.html')
    .action((planPath: string, flags: ShowFlags) => {
      // A malformed or edited plan is refused here too (PlanError, exit 1): what is shown is what apply would use.
      const plan = readPlan(planPath);
      if (flags.html) process.stdout.write(renderHtmlReport(htmlViewOfPlan(plan)));
      else if (flags.json) process.stdout.write(JSON.stringify(plan, null, 2) + '\n');
      else process.stdout.write(renderPlan(plan, { source: planPath, nowMs: Date.now(), color: shouldUseColor(process.env, process.stdout.isTTY === true) }));
      process.exitCode = 0;
    });
}
