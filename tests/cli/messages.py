#!/usr/bin/env python3
"""messages.py - keeps the message catalogue (src/base/messages.c) complete.

Extracts every format passed to vo_error_set / vo_error_setv (and to the
notes of an import: vo_csv_note_add(v), imp_problem; and the command line's
own texts: vo_cli_tr, vo_cli_usage) in src/**/*.c
(adjacent string literals concatenated, calls over several lines, both arms
of a `cond ? "a" : "b"`, a macro #defined as a literal in the same file;
the format "%s" passes a text on whole and is not in the catalogue), and
every text marked VO_MSG("...") (a literal that reaches vo_error_set
through "%s": a table of refusals, a parameter), and
fails, naming file:line, on a format missing from the catalogue, a format
that is not a literal, an id used twice, an id that is not lower-case and
dot-separated, a Russian text whose % conversions differ from the English
one's, and a table out of order (messages.c looks formats up by bsearch).

Usage: messages.py SRC_DIR            (exit 0 when all is well)
       messages.py SRC_DIR --list     (every call site: file:line<TAB>format)
"""
import os
import re
import sys

LIT = r'"(?:[^"\\\n]|\\.)*"'
# The functions that take a message format, and the index of that argument:
# vo_error_set's, and the notes of an import (its problems and warnings,
# which the API answers with the same message_id and message_ru).
# And the command line's own texts, which it writes in the environment's
# language through the same catalogue (src/cli/cli.c): vo_cli_tr's format,
# vo_cli_usage's.
CALLS = {'vo_error_set': 3, 'vo_error_setv': 3, 'vo_csv_note_add': 5, 'vo_csv_note_addv': 5,
         'imp_problem': 2, 'vo_cli_tr': 0, 'vo_cli_usage': 1,
         # the bonus report's breakdown labels (render/bonus_json.c; issue 11)
         'vo_bonus_tr': 0,
         # a text's format in the language asked (base/messages.h; the
         # investigations' sentences, issue 12)
         'vo_message_tr': 0}
# A function that only forwards its format (its callers' formats are
# checked instead; render/sheet.c's fail() passes its own, in Russian).
FORWARDERS = {('base/err.c', 'fmt'), ('render/sheet.c', 'fmt'), ('io/csv.c', 'fmt'),
              ('service/import_row.c', 'fmt'), ('cli/cli.c', 'fmt'),
              ('render/bonus_json.c', 'fmt'), ('base/messages.c', 'fmt'),
              # vo_log_event's msg: its callers mark the text VO_MSG
              ('http/log.c', 'msg')}


def blank_comments(s):
    """s with comments replaced by spaces (newlines kept, so lines count)."""
    out, i, n = [], 0, len(s)
    while i < n:
        if s.startswith('/*', i):
            j = s.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', s[i:j]))
            i = j
        elif s.startswith('//', i):
            j = s.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif s[i] in '"\'':
            q, j = s[i], i + 1
            while j < n and s[j] != q:
                j += 2 if s[j] == '\\' else 1
            out.append(s[i:j + 1])
            i = j + 1
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)


def call_args(s, i):
    """The top-level arguments of the call whose '(' is s[i]."""
    depth, args, start, j = 0, [], i + 1, i
    while j < len(s):
        c = s[j]
        if c in '"\'':
            k = j + 1
            while s[k] != c:
                k += 2 if s[k] == '\\' else 1
            j = k + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(s[start:j])
                return args
        elif c == ',' and depth == 1:
            args.append(s[start:j])
            start = j + 1
        j += 1
    return args


def unescape(body):
    return bytes(body, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def literal_value(text):
    """The value of a run of adjacent literals, or None if text is not one."""
    text = text.strip()
    while text.startswith('(') and text.endswith(')'):
        text = text[1:-1].strip()
    if not text or re.sub(LIT, '', text).strip():
        return None
    return ''.join(unescape(m[1:-1]) for m in re.findall(LIT, text))


def formats_of(arg, macros):
    """The formats an argument can be: a literal, a macro, or a ?: of them."""
    v = literal_value(arg)
    if v is not None:
        return [v]
    a = arg.strip()
    if a in macros:
        return [macros[a]]
    m = re.match(r'^[^?"]*\?(.*)$', a, re.S)
    if m:
        # cond ? x : y, with literals only after the '?'
        rest = m.group(1)
        for k in range(len(rest)):
            if rest[k] == ':' and rest[:k].count('"') % 2 == 0:
                x, y = formats_of(rest[:k], macros), formats_of(rest[k + 1:], macros)
                if x is not None and y is not None:
                    return x + y
    return None


def call_sites(src):
    """(file:line, format or None, argument text) of every call in src."""
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith('.c'):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            s = blank_comments(open(path, encoding='utf-8').read())
            macros = {}
            for m in re.finditer(r'^#define\s+(\w+)\s+((?:' + LIT + r'|\s|\\\n)+)$', s, re.M):
                macros[m.group(1)] = literal_value(m.group(2).replace('\\\n', ' '))
            for m in re.finditer(r'\bVO_MSG\s*\(', s):
                args = call_args(s, m.end() - 1)
                line = s.count('\n', 0, m.start()) + 1
                where = '%s:%d' % (os.path.join(os.path.basename(src), rel), line)
                text = literal_value(args[0]) if len(args) == 1 else None
                if text is None or '%' in text:
                    yield where, None, 'VO_MSG(%s): not one literal without %%' % args[0].strip()
                else:
                    yield where, text, args[0]
            for m in re.finditer(r'\b(' + '|'.join(CALLS) + r')\s*\(', s):
                args = call_args(s, m.end() - 1)
                at = CALLS[m.group(1)]
                if len(args) <= at:
                    continue  # the declaration's own parameter list, a macro
                line = s.count('\n', 0, m.start()) + 1
                arg = args[at].strip()
                if (rel, arg.split()[-1].lstrip('*')) in FORWARDERS:
                    continue
                fmts = formats_of(arg, macros)
                if fmts == [PASS]:
                    continue  # a text passed on whole: a VO_MSG literal, or any other
                where = '%s:%d' % (os.path.join(os.path.basename(src), rel), line)
                if fmts is None:
                    yield where, None, arg
                else:
                    for fm in fmts:
                        yield where, fm, arg


PASS = '%s'  # the format that passes a text on whole (err.c)
CONV = re.compile(r'%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp%]')


def conversions(fmt):
    """The arguments fmt takes: its conversions without flags, widths and
    precisions given as digits (which take no argument), so "%.0s" (an
    argument printed as nothing) matches "%s" and "%04d" matches "%d"."""
    return [re.sub(r'[-+ #0-9.]', '', c) for c in CONV.findall(fmt) if c != '%%']


def catalogue(path):
    """(line, english, id, russian) of every row of the table in messages.c."""
    s = blank_comments(open(path, encoding='utf-8').read())
    body = s[s.index('vo_messages[] = {'):]
    body = body[:body.index('\n};')]
    rows = []
    for m in re.finditer(r'\{\s*((?:' + LIT + r'\s*)+),\s*(' + LIT + r'),\s*((?:' + LIT +
                         r'\s*)+)\}', body):
        line = s.count('\n', 0, s.index('vo_messages[] = {') + m.start()) + 1
        rows.append((line, literal_value(m.group(1)), literal_value(m.group(2)),
                     literal_value(m.group(3))))
    return rows


def main():
    src = sys.argv[1]
    sites = list(call_sites(src))
    if '--list' in sys.argv:
        for where, fm, arg in sites:
            print('%s\t%s' % (where, fm if fm is not None else 'NOT A LITERAL: ' + arg))
        return 0
    cat_path = os.path.join(src, 'base', 'messages.c')
    rows = catalogue(cat_path)
    problems = []
    where_cat = lambda ln: 'src/base/messages.c:%d' % ln
    known = {}
    ids = {}
    for ln, en, mid, ru in rows:
        if en in known:
            problems.append('%s: the format "%s" is in the table twice' % (where_cat(ln), en))
        known[en] = mid
        if mid in ids:
            problems.append('%s: the id %s is used twice (also line %d)' % (where_cat(ln), mid,
                                                                           ids[mid]))
        ids[mid] = ln
        if not re.fullmatch(r'[a-z][a-z0-9_]*(\.[a-z0-9_]+)+', mid):
            problems.append('%s: the id "%s" is not lower-case and dot-separated' % (where_cat(ln),
                                                                                    mid))
        if conversions(en) != conversions(ru):
            problems.append('%s: "%s": the Russian conversions %s differ from the English %s' %
                            (where_cat(ln), mid, conversions(ru), conversions(en)))
        if re.search('[A-Za-z]', CONV.sub('', en)) and not re.search('[А-Яа-яЁё]', ru):
            problems.append('%s: "%s" has no Russian text' % (where_cat(ln), mid))
    keys = [r[1].encode('utf-8') for r in rows]
    for a, b, r in zip(keys, keys[1:], rows[1:]):
        if a >= b:
            problems.append('%s: the table is out of order (sorted by the English format, as '
                            'strcmp compares bytes)' % where_cat(r[0]))
    used = set()
    for where, fm, arg in sites:
        if fm is None:
            problems.append('%s: the format is not a string literal: %s' % (where, arg))
        elif fm not in known:
            problems.append('%s: the format "%s" is not in src/base/messages.c' % (where, fm))
        else:
            used.add(fm)
    for ln, en, mid, ru in rows:
        if en not in used:
            problems.append('%s: "%s" is used by no call site: remove it' % (where_cat(ln), mid))
    for p in problems:
        print(p)
    print('%d call sites, %d catalogue rows, %d problems' % (len(sites), len(rows), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
