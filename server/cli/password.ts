import { UsageError } from './arguments';

const MAX_INPUT_BYTES = 64 * 1024;

/** Reads the first line of piped standard input (a password never goes on the command line). */
async function readPipedLine(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (buffer.includes(0x0a) || size > MAX_INPUT_BYTES) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

/** Reads a line typed at a terminal without echoing it. */
function readHiddenLine(input: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    input.setRawMode(true);
    input.resume();
    function finish(error: Error | null): void {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error === null) resolve(typed);
      else reject(error);
    }
    function onData(data: Buffer): void {
      for (const character of data.toString('utf8')) {
        if (character === '\r' || character === '\n') return finish(null);
        if (character === '\u0003') return finish(new UsageError('Cancelled.'));
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed += character;
      }
    }
    input.on('data', onData);
  });
}

/** The password for a command: one line of standard input (asked for, unechoed, at a terminal). */
export async function readPassword(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const password = input.isTTY
    ? await readHiddenLine(input, 'Password: ')
    : await readPipedLine(input);
  if (password === '') throw new UsageError('No password on standard input: give it as one line.');
  return password;
}
