/** Minimal `--name value` / `--flag` parsing for the shells and the CLI (no dependency needed). */
export function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) options[k] = inline;
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) options[k] = argv[++i]!;
      else options[k] = true;
    } else positional.push(a);
  }
  return { positional, options };
}
