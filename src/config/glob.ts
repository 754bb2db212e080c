/** Globs for `ignore`: `**` any run of directories, `*` any name part, `?` one character; a pattern without `/` matches a name at any depth; a directory pattern matches everything under it. */
export function globMatcher(patterns: readonly string[]): (file: string) => boolean {
  const regexes = patterns.map(toRegex);
  return (file) => regexes.some((regex) => regex.test(file));
}

function toRegex(pattern: string): RegExp {
  let glob = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!glob.includes('/')) glob = `**/${glob}`;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}
