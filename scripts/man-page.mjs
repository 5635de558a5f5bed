// Writes docs/smtp-dane-verify.1, the man page, from the executable's own --help
// (the top level and every subcommand it lists), so the two cannot drift apart:
// test/unit/man-page.test.ts fails when the committed page differs from a fresh one.
// Only the sections --help has no room for (exit status, environment, see also)
// are written here.
//
// Usage: node scripts/man-page.mjs [--bin FILE] [--out FILE | --stdout]
//   --bin    the executable to ask (default dist/smtp-dane-verify; run `npm run build` first)
//   --out    where to write (default docs/smtp-dane-verify.1)
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'smtp-dane-verify';

/** Runs the executable with an argument array; --help exits 3 by design (plugin guidelines). */
function helpOf(bin, args) {
  return new Promise((resolvePromise, reject) => {
    execFile(bin, [...args, '--help'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else if (stdout.trim() === '') reject(new Error(`${bin} ${args.join(' ')} --help printed nothing`));
      else resolvePromise(stdout);
    });
  });
}

/** Splits yargs help into its paragraphs before the first section and its `Heading:` sections. */
export function parseHelp(text) {
  const lines = text.replace(/\s+$/, '').split('\n');
  const intro = [];
  const sections = [];
  let current = null;
  for (const line of lines) {
    const heading = /^(\S[^:]*):$/.exec(line);
    if (heading && !line.startsWith(NAME)) {
      current = { heading: heading[1], lines: [] };
      sections.push(current);
    } else if (current) {
      if (line.trim() !== '') current.lines.push(line);
    } else {
      intro.push(line);
    }
  }
  const paragraphs = intro.join('\n').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
  return { usage: paragraphs[0] ?? '', paragraphs: paragraphs.slice(1), sections };
}

/**
 * Reads a two-column yargs/cliui block (options, positionals, commands, examples)
 * back into rows. The right column starts where every row's first wide gap ends;
 * `isNewRow(left)` tells a new row from a wrapped continuation of the left column.
 */
export function parseColumns(lines, isNewRow) {
  let column = Infinity;
  for (const line of lines) {
    const m = /^( {2,}\S(?:.*?\S)?)( {2,})\S/.exec(line);
    if (m) column = Math.min(column, m[1].length + m[2].length);
  }
  const rows = [];
  for (const line of lines) {
    const left = Number.isFinite(column) ? line.slice(0, column).trim() : line.trim();
    const right = Number.isFinite(column) ? line.slice(column).trim() : '';
    if (left !== '' && (rows.length === 0 || isNewRow(left))) rows.push({ left, right });
    else if (rows.length > 0) {
      const row = rows[rows.length - 1];
      if (left !== '') row.left = `${row.left} ${left}`;
      if (right !== '') row.right = row.right ? `${row.right} ${right}` : right;
    }
  }
  return rows;
}

const ANNOTATION = /\s*\[(boolean|string|number|count|array|required|deprecated|choices: [^\]]*|default: [^\]]*)\]$/;

/** Separates yargs' trailing `[type] [default: x]` annotations from the description. */
export function splitAnnotations(text) {
  const notes = [];
  let rest = text;
  for (let m = ANNOTATION.exec(rest); m; m = ANNOTATION.exec(rest)) {
    notes.unshift(m[1]);
    rest = rest.slice(0, m.index);
  }
  return { description: rest.trim(), notes };
}

// Typographic characters --help may use, in the ASCII every man(1) renders (an ASCII
// terminal has no glyph for them and troff warns).
const ASCII = { '\u2026': '...', '\u2013': '-', '\u2014': '--', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"' };

/** Roff-escapes text: backslashes, ASCII hyphens (so they stay copy-pastable), leading control characters, non-ASCII. */
export function roff(text) {
  return text
    .replace(/[\u2026\u2013\u2014\u2018\u2019\u201c\u201d]/g, (c) => ASCII[c])
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1')
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** A help fragment as a sentence: capital first letter, final full stop. */
function sentence(text) {
  if (text === '') return '';
  const capital = text.replace(/^[a-z]/, (c) => c.toUpperCase());
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
}

function optionItem(row, heading) {
  const right = row.right.replace(/\s+/g, ' ');
  const { description, notes } = splitAnnotations(right);
  const type = notes.find((n) => ['boolean', 'string', 'number', 'count', 'array'].includes(n));
  const takesValue = type === 'string' || type === 'number' || type === 'array' || (!type && notes.some((n) => n.startsWith('choices:')));
  const flags = row.left.split(/,\s*/);
  const long = flags.find((f) => f.startsWith('--'));
  const metavar = takesValue && long ? ` \\fI${roff(long.slice(2).toUpperCase())}\\fR` : '';
  const head = flags.map((f) => (f.startsWith('-') ? `\\fB${roff(f)}\\fR` : `\\fI${roff(f)}\\fR`)).join(', ');
  const extra = [];
  for (const n of notes) {
    if (n.startsWith('choices: ')) extra.push(`One of: ${n.slice(9).replace(/"/g, '')}.`);
    else if (n === 'default: false' && type === 'boolean') continue;
    else if (n.startsWith('default: ')) extra.push(`Default: ${n.slice(9).replace(/^"(.*)"$/, '$1')}.`);
    else if (n === 'required') extra.push('Required.');
    else if (n === 'count') extra.push('Repeatable.');
  }
  // The description as --help words it (only a final full stop added).
  const body = /[.!?:]$/.test(description) || description === '' ? description : `${description}.`;
  const text = [body, ...extra].filter(Boolean).join(' ');
  return {
    key: `${heading}\u0000${row.left}\u0000${right}`,
    heading,
    flag: long ?? flags[0],
    description,
    render: (note = '') => `.TP\n${head}${metavar}\n${roff(note ? `${text} ${note}` : text)}`,
  };
}

function exampleBlock(rows) {
  const out = [];
  for (const row of rows) {
    out.push(`.PP\n${roff(sentence(row.right.replace(/\s+/g, ' ')).replace(/\.$/, ':'))}`);
    out.push(`.PP\n.RS 4\n.EX\n${roff(row.left)}\n.EE\n.RE`);
  }
  return out.join('\n');
}

const listing = (words) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);

export async function generateManPage({ bin = join(root, 'dist', NAME) } = {}) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const top = parseHelp(await helpOf(bin, []));
  const commandsSection = top.sections.find((s) => s.heading === 'Commands');
  if (!commandsSection) throw new Error('the top-level --help lists no commands');
  const commandRows = parseColumns(commandsSection.lines, (left) => left.startsWith(`${NAME} `));
  const commands = [];
  for (const row of commandRows) {
    const usage = row.left.slice(NAME.length + 1);
    const name = usage.split(/\s+/)[0];
    const help = parseHelp(await helpOf(bin, [name]));
    commands.push({ name, usage, summary: row.right.replace(/\s+/g, ' '), help });
  }

  // Every option of every command; one worded the same in several commands is
  // described once, under OPTIONS, and named in each of its commands.
  const items = new Map(); // key -> item with .commands
  const perCommand = new Map(); // command -> items in --help order
  const groups = [];
  for (const command of commands) {
    const own = [];
    for (const section of command.help.sections) {
      if (section.heading === 'Examples' || section.heading === 'Commands') continue;
      const rows = parseColumns(section.lines, (left) => section.heading === 'Positionals' || left.startsWith('-'));
      for (const row of rows) {
        const fresh = optionItem(row, section.heading);
        const item = items.get(fresh.key) ?? { ...fresh, commands: [] };
        items.set(item.key, item);
        item.commands.push(command.name);
        own.push(item);
        if (section.heading !== 'Positionals' && !groups.includes(section.heading)) groups.push(section.heading);
      }
    }
    perCommand.set(command.name, own);
  }
  const isShared = (item) => item.heading !== 'Positionals' && item.commands.length > 1;
  const isUniversal = (item) => item.commands.length === commands.length;

  const out = [];
  const version = `${NAME} ${pkg.version}`;
  out.push(`.\\" Generated by scripts/man-page.mjs from \`${NAME} --help\`: do not edit; run \`npm run man\`.`);
  out.push(`.TH ${roff(NAME.toUpperCase())} 1 "" "${roff(version)}" "User Commands"`);
  // No hyphenation, ragged right: option names and paths must stay whole.
  out.push('.nh\n.ad l');
  out.push('.SH NAME');
  const tagline = (top.paragraphs[0] ?? pkg.description).replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
  out.push(`${roff(NAME)} \\- ${roff(tagline)}`);
  out.push('.SH SYNOPSIS');
  for (const command of commands) {
    const [verb, ...operands] = command.usage.split(/\s+/);
    const ops = operands.map((o) => (/^<.*>$/.test(o) ? `\\fI${roff(o.slice(1, -1))}\\fR` : `[\\fI${roff(o.replace(/^\[|\]$/g, ''))}\\fR]`));
    out.push(`.B ${roff(NAME)}\n${[`\\fB${roff(verb)}\\fR`, ...ops, '[\\fIoptions\\fR]'].join(' ')}`);
    out.push('.br');
  }
  out.push(`.B ${roff(NAME)}\n\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR`);
  out.push('.SH DESCRIPTION');
  out.push(roff(pkg.description));
  for (const p of top.paragraphs.slice(1)) out.push(`.PP\n${roff(p)}`);
  out.push('.PP');
  out.push(
    roff(
      'DNSSEC is validated by the check itself by default (--dnssec validate): every RRset it uses is validated from the root down, ' +
        'from the IANA root trust anchors built into it (KSK-2017 and KSK-2024) or those of --trust-anchor FILE, ' +
        'so any recursive resolver will do, validating or not. ' +
        'With --dnssec resolver it trusts the AD bit of the resolver instead: use that only with a validating resolver you run yourself (unbound, BIND, Knot Resolver on the same host). ' +
        'Every address of every MX host is tested, and testing never stops at the first problem.',
    ),
  );
  out.push('.PP');
  out.push(roff(`Every command takes ${NAME} COMMAND --help, which prints what this page says of it.`));

  out.push('.SH COMMANDS');
  for (const command of commands) {
    out.push(`.SS "${roff(command.usage)}"`);
    out.push(roff(sentence(command.help.paragraphs[0] ?? command.summary)));
    for (const p of command.help.paragraphs.slice(1)) out.push(`.PP\n${roff(sentence(p))}`);
    const list = perCommand.get(command.name);
    const own = list.filter((item) => !isShared(item));
    if (own.length > 0) out.push(own.map((item) => item.render()).join('\n'));
    const common = list.filter((item) => isShared(item) && !isUniversal(item)).map((item) => `\\fB${roff(item.flag)}\\fR`);
    if (common.length > 0) out.push(`.PP\n${roff('Also, as described under OPTIONS:')} ${common.join(', ')}.`);
  }

  const shared = [...items.values()].filter(isShared);
  if (shared.length > 0) {
    out.push('.SH OPTIONS');
    out.push(roff('Options that several commands take. Those that not every command takes name theirs.'));
    // yargs' own group first, untitled; the named groups after it, each under its title.
    for (const group of [...groups].sort((a, b) => Number(b === 'Options') - Number(a === 'Options'))) {
      const inGroup = shared.filter((item) => item.heading === group);
      if (inGroup.length === 0) continue;
      if (group !== 'Options') out.push(`.SS "${roff(group)}"`);
      const note = (item) => (isUniversal(item) ? '' : `For ${listing(item.commands)}.`);
      out.push(inGroup.map((item) => item.render(note(item))).join('\n'));
    }
  }

  out.push('.SH EXIT STATUS');
  out.push(
    roff(
      'For domain and host, the state of the check as the Monitoring Plugins guidelines define it, also with --format json: ' +
        '0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. A bad name or option prints one line, "SMTP DANE UNKNOWN - ...", and exits 3; ' +
        '--help and --version exit 3 too. Other commands say theirs in their description above.',
    ),
  );
  // Environment variables named in option descriptions as $NAME, with the options they stand in for.
  const environment = new Map();
  for (const item of items.values()) {
    // `{$DANE.DAYS}` is a Zabbix user macro, not the variable $DANE.
    for (const m of item.description.matchAll(/(?<!\{)\$([A-Z][A-Z0-9_]*)/g)) {
      const uses = environment.get(m[1]) ?? [];
      uses.push(`\\fB${roff(item.flag)}\\fR (${roff(listing(item.commands))})`);
      environment.set(m[1], uses);
    }
  }
  out.push('.SH ENVIRONMENT');
  for (const [name, uses] of [...environment].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`.TP\n.B ${roff(name)}\n${roff('The default of')} ${listing(uses)}.`);
  }
  // Read by the loader of the file (src/cli/compile-cache.ts), not by an option.
  out.push(
    `.TP\n.B SMTP_DANE_VERIFY_CODE_CACHE\n${roff(
      'Where the executable keeps the V8 code cache of its program: a directory, or off for none. Default: smtp-dane-verify-code-cache-UID in $TMPDIR (/tmp). The standalone binary carries its cache inside and ignores it.',
    )}`,
  );
  out.push('.SH EXAMPLES');
  for (const command of commands) {
    const section = command.help.sections.find((s) => s.heading === 'Examples');
    if (!section) continue;
    out.push(`.SS "${roff(command.name)}"`);
    out.push(exampleBlock(parseColumns(section.lines, (left) => left.startsWith(`${NAME} `))));
  }
  out.push('.SH FILES');
  out.push('.TP\n.I /etc/resolv.conf\n' + roff('The resolver, when neither --resolver nor NAMESERVER is given.'));
  out.push(
    '.TP\n.I $TMPDIR/smtp-dane-verify-code-cache-UID/\n' +
      roff(
        'The code cache (see SMTP_DANE_VERIFY_CODE_CACHE): one file per command, written by the first check that answers, used only while the directory and its files belong to the user and nobody else may write them. It may be deleted at any time.',
      ),
  );
  out.push('.SH SEE ALSO');
  out.push(roff('unbound(8), icinga2(8), nagios4(8). Installation for Icinga 2, Nagios 4, Zabbix, Prometheus, Uptime Kuma and systemd: docs/install.md in the source.'));
  out.push('.PP');
  out.push(roff('RFC 7672 (SMTP security via opportunistic DANE TLS), RFC 7671, RFC 6698.'));
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  try {
    const page = await generateManPage({ bin: option('--bin') ? resolve(option('--bin')) : undefined });
    if (args.includes('--stdout')) process.stdout.write(page);
    else {
      const out = resolve(root, option('--out') ?? `docs/${NAME}.1`);
      await writeFile(out, page);
      process.stdout.write(`wrote ${out}\n`);
    }
  } catch (error) {
    process.stderr.write(`man-page: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
