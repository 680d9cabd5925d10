import { StoreError } from '../store/store';
import { runBackupCommand, runProfileCommand, runUserCommand } from './adminCommands';
import { UsageError } from './arguments';
import { runTargetCommand } from '../publishing/targets/targetCommands';
import { startServer } from './serveCommand';

/** Errors a person caused or can fix: one line, no stack. */
function isUserError(error: unknown): boolean {
  return error instanceof UsageError || error instanceof StoreError;
}

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(isUserError(error) ? message : `The newsroom server failed: ${message}`);
  process.exit(1);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * `npm run server -- …`: with a command word (`user`, `profile`, `target`), an administration command on the
 * store; otherwise the server itself, which prints `Newsroom server ready at http://<host>:<port>`
 * and stops cleanly on SIGTERM or SIGINT.
 */
async function main(args: string[]): Promise<void> {
  const [first, ...rest] = args;
  if (first === 'user') return runUserCommand(rest, print);
  if (first === 'profile') return runProfileCommand(rest, print);
  if (first === 'backup') return runBackupCommand(rest, print);
  if (first === 'target') return runTargetCommand(rest, print);
  if (first !== undefined && !first.startsWith('-'))
    throw new UsageError(
      `There is no command "${first}": npm run server -- [user …|profile …|backup …|target …|--data-dir <dir> --port <port> …]`,
    );
  const server = await startServer(args, { log: (line) => console.error(line), accessLog: print });
  let signals = 0;
  function shutDown(signal: NodeJS.Signals): void {
    signals += 1;
    if (signals > 1) {
      console.error(`${signal} again: stopping at once.`);
      process.exit(1);
    }
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => fail(error),
    );
  }
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
  // Said only once a stop signal would be handled: whoever waits for this line may send one.
  print(`Newsroom server ready at ${server.url}`);
}

main(process.argv.slice(2)).catch(fail);
