#!/usr/bin/env python3
"""Methods over N lines (issue 18): `python3 scripts/long-methods.py [src] [50]` lists every C# method, constructor,
accessor or expression-bodied member of the tree whose text spans more than N lines, from its header (after its
attributes) to its closing brace or ';', longest first; local functions count with their method. A heuristic over
the text (strings and comments blanked first), not a parser: a figure to compare before and after a change."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 50

def blank(src):
    out = []; i = 0; n = len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j; continue
        if src.startswith('/*', i):
            j = src.find('*/', i); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j; continue
        m = re.match(r'(\$*)("""+)', src[i:i+12])
        if m:
            q = m.group(2); j = src.find(q, i + len(m.group(0))); j = n if j < 0 else j + len(q)
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j; continue
        m = re.match(r'(\$@|@\$|@)"', src[i:i+3])
        if m:
            j = i + len(m.group(0))
            while j < n:
                if src[j] == '"' and j + 1 < n and src[j+1] == '"': j += 2; continue
                if src[j] == '"': break
                j += 1
            out.append(re.sub(r'[^\n]', ' ', src[i:j+1])); i = j + 1; continue
        if c == '"' or (c == '$' and i + 1 < n and src[i+1] == '"'):
            j = i + (2 if c == '$' else 1)
            while j < n and src[j] != '"' and src[j] != '\n':
                if src[j] == '\\': j += 1
                j += 1
            out.append(' ' * (j + 1 - i)); i = j + 1; continue
        if c == "'":
            m = re.match(r"'(\\.|[^'\\])'", src[i:i+4]) or re.match(r"'\\u[0-9a-fA-F]{4}'", src[i:i+8])
            if m: out.append(' ' * len(m.group(0))); i += len(m.group(0)); continue
        out.append(c); i += 1
    return ''.join(out)

KW = re.compile(r'^\s*(if|else|for|foreach|while|do|switch|catch|try|finally|using|lock|fixed|unsafe|checked|unchecked|return|await|var|new|case|default)\b')
results = []
for dp, dn, fn in os.walk(root):
    dn[:] = [d for d in dn if d not in ('bin', 'obj')]
    for f in fn:
        if not f.endswith('.cs'): continue
        p = os.path.join(dp, f)
        src = blank(open(p, encoding='utf-8-sig').read())
        # stack of (kind, start_line, name)
        stack = []; i = 0; line = 1; last_stmt_end = 0
        n = len(src)
        while i < n:
            c = src[i]
            if c == '\n': line += 1
            if c in '{;}':
                header = src[last_stmt_end:i]
                if c == '{':
                    in_method = any(k == 'm' for k, _, _ in stack)
                    h = re.sub(r'^(\s*\[[^\]]*(\[[^\]]*\][^\]]*)*\])+', '', header).strip()
                    header = header[len(header) - len(re.sub(r'^(\s*\[[^\]]*(\[[^\]]*\][^\]]*)*\])+', '', header)):]
                    kind = 'o'
                    if not in_method:
                        m = re.search(r'([A-Za-z_][\w]*)\s*(<[^()]*>)?\s*\([^;]*\)\s*(where[^{]*)?(:\s*(base|this)\s*\(.*\))?\s*$', h, re.S)
                        if m and not KW.match(h) and not re.search(r'\b(class|struct|record|interface|enum|namespace)\b', h.split('(')[0]):
                            kind = 'm'; name = m.group(1)
                        elif re.search(r'\b(get|set|init|add|remove)\s*$', h) or re.search(r'\boperator\b', h):
                            kind = 'm'; name = h.split()[-1]
                    hs = i - len(header) + (len(header) - len(header.lstrip()))
                    start = src.count('\n', 0, hs) + 1
                    stack.append((kind, start, name if kind == 'm' else None))
                elif c == '}':
                    if stack:
                        k, s, nm = stack.pop()
                        if k == 'm' and not any(kk == 'm' for kk, _, _ in stack):
                            results.append((line - s + 1, p, s, nm))
                elif c == ';':
                    in_method = any(k == 'm' for k, _, _ in stack)
                    h = re.sub(r'^(\s*\[[^\]]*(\[[^\]]*\][^\]]*)*\])+', '', header).strip()
                    header = header[len(header) - len(re.sub(r'^(\s*\[[^\]]*(\[[^\]]*\][^\]]*)*\])+', '', header)):]
                    if not in_method and '=>' in h:
                        m = re.search(r'([A-Za-z_]\w*)\s*(<[^()]*>)?\s*(\([^;]*?\))?\s*=>', h, re.S)
                        if m:
                            hs = i - len(header) + (len(header) - len(header.lstrip()))
                            start = src.count('\n', 0, hs) + 1
                            results.append((line - start + 1, p, start, m.group(1)))
                last_stmt_end = i + 1
            elif c == '(':
                # skip balanced parens so ; inside for(...) does not split
                depth = 0; j = i
                while j < n:
                    if src[j] == '(': depth += 1
                    elif src[j] == ')':
                        depth -= 1
                        if depth == 0: break
                    elif src[j] == '\n': line += 1
                    elif src[j] in '{}': break  # a lambda with a block inside the arguments: stop skipping
                    j += 1
                if j < n and src[j] == ')': i = j + 1; continue
            i += 1

results.sort(reverse=True)
over = [r for r in results if r[0] > limit]
for L, p, s, nm in over: print(f'{L:4d} {p}:{s} {nm}')
print(f'{len(over)} over {limit} lines; {len(results)} members measured', file=sys.stderr)
