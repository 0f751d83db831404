#!/usr/bin/env python3
"""check.py DIR - the Citus rule's statements' side (docs/SCALING.md, "The
Citus rule"): every statement the store prepared during the unit tests
(collected in DIR by VO_ORG_AUDIT, src/store/store.c) filters every org
table it reads or writes by org_id, or is in tests/org_rule/allow.txt with
its reason.

The check reads the SQL text (a lexical one, no SQL parser), statement by
statement:

- A *scope* is one SELECT (or UPDATE, DELETE) core: its tables are those
  named after FROM, JOIN, UPDATE and DELETE FROM at its own level; a
  parenthesised SELECT is a scope of its own inside it (a subquery; it may
  name the tables of the scopes around it), as is each side of a UNION,
  INTERSECT or EXCEPT and each WITH table's body.
- A table is *filtered* when its scope's WHERE, or a JOIN's ON, has the
  conjunct `a.org_id = x` (or `x = a.org_id`; `org_id` alone when the
  scope has one table) with a the table's alias or name and x a bound
  parameter (?N) or the org_id of a filtered table of this scope or of
  one around it. A conjunct is an equality at the clause's own level
  (not inside parentheses or a CASE, not after NOT, the operands bare),
  in a WHERE or ON with no OR at that level; a JOIN's ON constrains only
  the table that JOIN brings (a LEFT JOIN keeps every row of the others).
  So `d.org_id = ?1 OR ...`, `(d.org_id = ?1 OR ...)`, `a.org_id =
  b.org_id` with neither filtered, and `d.org_id IN (...)` are refused;
  a correlated subquery is filtered by `t.org_id = d.org_id` when d is.
- An INSERT names org_id among its columns (or names none: then every
  column has a value); INSERT ... SELECT's SELECT is a scope as above.
- Not org tables: orgs and schema_version (Citus' reference tables),
  SQLite's and PostgreSQL's catalogues (sqlite_*, pg_*,
  information_schema), table-valued functions (json_each(...)), and the
  names of WITH tables and of subqueries in FROM (their bodies are
  scopes, checked).
- Not checked: statements with no table (BEGIN, PRAGMA ...).

An offence is a table of a statement not filtered. A line of allow.txt
names a table (or * for every table) and a regular expression found in
the statement (its spaces collapsed to one): that table of that
statement reads every org (on Citus, every shard) and counts as
filtered, so the tables joined to it must still be joined by org_id (on
Citus, a join inside each shard). The check fails on any offence left,
and when DIR holds no statement (nothing was checked).

check.py --self-test runs the check on statements known to pass and to
fail; check.py DIR runs them first, and fails when one is misjudged.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = {"orgs", "schema_version", "sqlite_master", "sqlite_schema", "sqlite_sequence",
             "information_schema"}
# the words that end a table's name in FROM (no alias follows)
NOT_ALIAS = {"where", "join", "left", "right", "inner", "outer", "cross", "natural", "full",
             "on", "using", "group", "order", "limit", "offset", "having", "window", "union",
             "intersect", "except", "set", "values", "select", "indexed", "not", "returning",
             "default", "as", "from", "do", "and", "or", "when", "then", "else", "end"}
# the words that start a clause at a scope's own level
CLAUSES = {"select", "from", "where", "group", "having", "order", "limit", "offset", "set",
           "values", "returning", "window", "on", "using", "join", "do"}
JOINS = {"join"}
COMPOUND = {"union", "intersect", "except"}
# what may stand before and after a conjunct's equality
BEFORE = {"where", "on", "and"}
AFTER_WORDS = {"and", "group", "order", "limit", "offset", "having", "window", "returning",
               "join", "left", "right", "inner", "cross", "natural", "full", "where",
               "union", "intersect", "except", "on", "do"}

TOKEN = re.compile(r"""
    (?P<space>\s+|--[^\n]*|/\*.*?\*/)
  | (?P<str>'(?:[^']|'')*')
  | (?P<qname>"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\])
  | (?P<param>\?\d*|[:@$][A-Za-z_0-9]+)
  | (?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\|\||<=|>=|==|!=|<>|->>|->|::|[-+*/%<>=(),.;&|~])
""", re.X | re.S)


def tokens(sql):
    out = []
    pos = 0
    while pos < len(sql):
        m = TOKEN.match(sql, pos)
        if not m:
            raise ValueError("cannot read the SQL at: " + sql[pos:pos + 40])
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind == "space":
            continue
        if kind == "qname":
            kind, text = "word", text[1:-1]
        out.append((kind, text.lower() if kind == "word" else text))
    return out


class Scope:
    def __init__(self, parent, ctes):
        self.parent = parent
        self.ctes = set(ctes)
        self.tables = []  # [alias, name, kind]: kind table, derived, cte, func, ref
        self.eqs = []  # (lhs, rhs): ("param",) ("col", qualifier or None, name) ("other",)
        self.inserts = []  # (table, names org_id)


def parse(toks):
    """The scopes of one statement (a list of Scope)."""
    scopes = []
    pos = [0]

    def peek(k=0):
        i = pos[0] + k
        return toks[i] if i < len(toks) else (None, None)

    def word(k=0):
        t = peek(k)
        return t[1] if t[0] == "word" else None

    def scope_body(parent, ctes):
        """Reads one query (its WITH, its compound parts) up to the ')'
        that closes it or the statement's end."""
        ctes = set(ctes)
        if word() == "with":
            pos[0] += 1
            if word() == "recursive":
                pos[0] += 1
            while True:
                name = word()
                ctes.add(name)
                pos[0] += 1
                if peek()[1] == "(":  # the columns
                    skip_parens()
                while word() in ("as", "not", "materialized"):
                    pos[0] += 1
                if peek()[1] == "(":
                    pos[0] += 1
                    scope_body(parent, ctes)
                    pos[0] += 1  # ')'
                if peek()[1] == ",":
                    pos[0] += 1
                    continue
                break
        while True:
            s = Scope(parent, ctes)
            scopes.append(s)
            more = core(s)
            if not more:
                return

    def skip_parens():
        depth = 0
        while pos[0] < len(toks):
            t = toks[pos[0]][1]
            pos[0] += 1
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth == 0:
                    return

    def table_item(s, kind_hint=None):
        """A table named at pos (after FROM, JOIN, a comma of FROM,
        UPDATE, DELETE FROM): registers it with its alias."""
        if peek()[1] == "(":
            if word(1) in ("select", "with", "values"):
                pos[0] += 1
                scope_body(s, s.ctes)
                pos[0] += 1  # ')'
                name, kind = None, "derived"
            else:  # a parenthesised join: its tables read as this scope's
                pos[0] += 1
                return
        else:
            name = word()
            if name is None:
                return
            pos[0] += 1
            schema = None
            if peek()[1] == "." and word(1):
                schema, name = name, word(1)
                pos[0] += 2
            if peek()[1] == "(":
                kind = "func"  # its arguments read as this scope's expressions
            elif name in s.ctes or cte_visible(s, name):
                kind = "cte"
            elif (name in REFERENCE or name.startswith(("sqlite_", "pg_", "pragma_")) or
                  schema in ("information_schema", "pg_catalog")):
                kind = "ref"
            else:
                kind = "table"
        alias = name
        if word() == "as":
            pos[0] += 1
        if word() and word() not in NOT_ALIAS and kind != "func":
            alias = word()
            pos[0] += 1
        s.tables.append([alias, name, kind])

    def cte_visible(s, name):
        while s:
            if name in s.ctes:
                return True
            s = s.parent
        return False

    def operand_before(i):
        """The simple operand ending at token i and the index before it."""
        if i < 0:
            return None, i
        kind, text = toks[i]
        if kind == "param":
            return ("param",), i - 1
        if kind == "num" or kind == "str":
            return ("other",), i - 1
        if kind == "word":
            if i >= 2 and toks[i - 1][1] == "." and toks[i - 2][0] == "word":
                col, j = ("col", toks[i - 2][1], text), i - 3
            else:
                col, j = ("col", None, text), i - 1
            # SQLite's unary + planner hint (WHERE +org_id = ?1), which
            # pg.c's translate() leaves out: the column itself
            if j >= 1 and toks[j][1] == "+" and toks[j - 1][0] == "word" and \
                    toks[j - 1][1].lower() in BEFORE:
                j -= 1
            return col, j
        return None, i

    def operand_after(i):
        if i >= len(toks):
            return None, i
        kind, text = toks[i]
        if kind == "param":
            return ("param",), i + 1
        if kind == "num" or kind == "str":
            return ("other",), i + 1
        if kind == "word":
            if i + 2 < len(toks) and toks[i + 1][1] == "." and toks[i + 2][0] == "word":
                return ("col", text, toks[i + 2][1]), i + 3
            if i + 1 < len(toks) and toks[i + 1][1] == "(":
                return None, i  # a function's call
            return ("col", None, text), i + 1
        return None, i

    def core(s):
        """One SELECT/UPDATE/DELETE/INSERT core of scope s; True when a
        compound operator starts another core of the same query."""
        clause = None
        group = 0  # the WHERE or ON clause being read, for its ORs
        tainted = set()  # the clauses with an OR at their level
        owner = {}  # an ON clause's group: the table its JOIN brought
        conjuncts = []  # (group, lhs, rhs)
        depth = 0  # parentheses and CASEs inside this core
        from_item = False  # the next token is a table of FROM
        while pos[0] < len(toks):
            kind, text = toks[pos[0]]
            w = text if kind == "word" else None
            if depth == 0 and text == ")":
                break
            if depth == 0 and text == ";":
                pos[0] += 1
                break
            if from_item:
                from_item = False
                table_item(s)
                continue
            if text == "(":
                if word(1) in ("select", "with", "values") and not (clause == "values"):
                    pos[0] += 1
                    scope_body(s, s.ctes)
                    pos[0] += 1
                    continue
                depth += 1
                pos[0] += 1
                continue
            if text == ")":
                depth -= 1
                pos[0] += 1
                continue
            if w == "case":
                depth += 1
                pos[0] += 1
                continue
            if w == "end" and depth > 0:
                depth -= 1
                pos[0] += 1
                continue
            if depth > 0:
                pos[0] += 1
                continue
            # the core's own level
            if w in COMPOUND:
                pos[0] += 1
                if word() in ("all", "distinct"):
                    pos[0] += 1
                finish(s, tainted, owner, conjuncts)
                return True
            if w == "insert" or (w == "replace" and pos[0] == 0):
                pos[0] += 1
                while word() in ("or", "ignore", "replace", "abort", "fail", "rollback"):
                    pos[0] += 1
                if word() == "into":
                    pos[0] += 1
                name = word()
                pos[0] += 1
                if peek()[1] == "." and word(1):
                    name = word(1)
                    pos[0] += 2
                if word() == "as":
                    pos[0] += 2
                cols = None
                if peek()[1] == "(" and word(1) not in ("select", "with", "values"):
                    start = pos[0]
                    skip_parens()
                    cols = {t[1] for t in toks[start:pos[0]] if t[0] == "word"}
                if name and not (name in REFERENCE or name.startswith(("sqlite_", "pg_"))):
                    s.inserts.append((name, cols is None or "org_id" in cols))
                clause = "insert"
                continue
            if w == "update" and clause in (None, "insert"):
                pos[0] += 1
                while word() in ("or", "ignore", "replace", "abort", "fail", "rollback"):
                    pos[0] += 1
                table_item(s)
                clause = "set"
                continue
            if w == "delete":
                pos[0] += 1
                if word() == "from":
                    pos[0] += 1
                table_item(s)
                clause = "delete"
                continue
            if w == "conflict":  # ON CONFLICT (...) DO ...: the insert's own
                pos[0] += 1
                if peek()[1] == "(":
                    skip_parens()
                clause = "conflict"
                continue
            if w == "from" and clause not in ("distinct",):
                clause = "from"
                from_item = True
                pos[0] += 1
                continue
            if w in JOINS:
                clause = "join"
                from_item = True
                pos[0] += 1
                continue
            if text == "," and clause == "from":
                from_item = True
                pos[0] += 1
                continue
            if w in ("where", "on") and not (w == "on" and word(1) == "conflict"):
                clause = w
                group += 1
                if w == "on" and s.tables:
                    owner[group] = s.tables[-1]
                pos[0] += 1
                continue
            if w in CLAUSES:
                clause = w
                pos[0] += 1
                continue
            if w == "or" and clause in ("where", "on"):
                tainted.add(group)
            if text in ("=", "==") and clause in ("where", "on"):
                i = pos[0]
                lhs, b = operand_before(i - 1)
                rhs, a = operand_after(i + 1)
                before = toks[b][1] if b >= 0 else None
                after = toks[a][1] if a < len(toks) else None
                if (lhs and rhs and toks[b][0] == "word" and before in BEFORE and
                        (after is None or after in (")", ";") or
                         (toks[a][0] == "word" and after in AFTER_WORDS))):
                    conjuncts.append((group, lhs, rhs))
            pos[0] += 1
        finish(s, tainted, owner, conjuncts)
        return False

    def finish(s, tainted, owner, conjuncts):
        for g, lhs, rhs in conjuncts:
            if g not in tainted:
                s.eqs.append((lhs, rhs, owner.get(g)))

    scope_body(None, set())
    return scopes


def resolve(s, qual):
    """The [alias, name, kind] a column's qualifier names from scope s (its
    own tables, then those around it); None when unknown or ambiguous."""
    while s:
        if qual is None:
            if len(s.tables) == 1:
                return s.tables[0]
            if s.tables:
                return None
        else:
            for t in s.tables:
                if t[0] == qual:
                    return t
        s = s.parent
    return None


def offences(sql, allowed=()):
    """The tables of sql not filtered by org_id: a list of (table, why).
    The tables named in allowed read every org (a scan of every shard):
    they count as filtered, so that the tables joined to them must be so
    by org_id (on Citus, a join inside each shard)."""
    scopes = parse(tokens(sql))
    bound = set()
    for s in scopes:
        for t in s.tables:
            if t[2] != "table" or t[1] in allowed:
                bound.add(id(t))
    changed = True
    while changed:
        changed = False
        for s in scopes:
            for lhs, rhs, joined in s.eqs:
                for a, b in ((lhs, rhs), (rhs, lhs)):
                    if a[0] != "col" or a[2] != "org_id":
                        continue
                    t = resolve(s, a[1])
                    # a join's ON constrains the table it joins, not those
                    # before it (a LEFT JOIN keeps every row of those)
                    if t is None or id(t) in bound or (joined is not None and t is not joined):
                        continue
                    ok = b[0] == "param"
                    if b[0] == "col" and b[2] == "org_id":
                        u = resolve(s, b[1])
                        ok = u is not None and u is not t and id(u) in bound
                    if ok:
                        bound.add(id(t))
                        changed = True
    out = []
    for s in scopes:
        for t in s.tables:
            if t[2] == "table" and id(t) not in bound:
                out.append((t[1], "not filtered by org_id"))
        for name, ok in s.inserts:
            if not ok:
                out.append((name, "an insert without org_id"))
    return out


def load_allow(path):
    allow = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not all(parts):
                sys.exit(f"{path}:{n}: want 'table | regular expression | reason'")
            allow.append((parts[0], re.compile(parts[1]), parts[2], n))
    return allow


def norm(sql):
    return " ".join(sql.split())


def statements(d):
    out = set()
    for name in sorted(os.listdir(d)):
        if name.endswith(".sql"):
            with open(os.path.join(d, name), "rb") as f:
                for part in f.read().split(b"\0"):
                    if part.strip():
                        out.add(part.decode("utf-8"))
    return out


def check(stmts, allow):
    """The offences not allowed (lines of text), and the allow lines used."""
    bad, used = [], set()
    for sql in sorted(stmts, key=norm):
        text = norm(sql)
        hit = [a for a in allow if a[1].search(text)]
        found = offences(sql)
        if not found:
            continue
        tables = {t for t, _ in found}
        allowed = {t for t in tables for a in hit if a[0] in (t, "*")}
        used.update(a[3] for a in hit if a[0] in tables or a[0] == "*")
        for table, why in offences(sql, allowed):
            bad.append(f"{table}: {why}: {text}")
    return bad, used


def self_test(allow):
    good = [
        "SELECT id FROM deals WHERE org_id = ?1 AND id = ?2",
        "SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id AND s.org_id = d.org_id "
        "WHERE d.org_id = ?1",
        "UPDATE deals SET title = ?3 WHERE id = ?2 AND org_id = ?1",
        "DELETE FROM tasks WHERE org_id = ?1 AND deal_id = ?2",
        "INSERT INTO tasks (org_id, title) VALUES (?1, ?2)",
        "SELECT id FROM deals d WHERE d.org_id = ?1 AND EXISTS (SELECT 1 FROM tasks t "
        "WHERE t.deal_id = d.id AND t.org_id = d.org_id)",
        "UPDATE deals SET n = (SELECT count(*) FROM tasks t WHERE t.org_id = deals.org_id "
        "AND t.deal_id = deals.id) WHERE org_id = ?1",
        "WITH x AS (SELECT id FROM deals WHERE org_id = ?1) SELECT id FROM x",
        "SELECT name FROM orgs WHERE id = ?1",
        "SELECT a FROM deals WHERE org_id = ?1 UNION ALL SELECT b FROM tasks WHERE org_id = ?1",
        "INSERT INTO log (org_id, n) SELECT org_id, id FROM deals WHERE org_id = ?1",
        "SELECT id FROM tasks WHERE +org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        "SELECT a.id FROM activities a WHERE a.id > ?2 AND +a.org_id = ?1",
    ]
    bad = [
        "SELECT id FROM stage_changes WHERE id = ?1",
        "SELECT id FROM deals WHERE org_id = ?1 OR id = ?2",
        "SELECT id FROM deals WHERE (org_id = ?1 OR id = ?2)",
        "SELECT id FROM deals WHERE NOT org_id = ?1",
        "SELECT id FROM deals WHERE org_id IN (?1, ?2)",
        "SELECT id FROM deals WHERE org_id + 0 = ?1",
        "SELECT id FROM deals WHERE 1 +org_id = ?1",
        "SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.org_id = ?1",
        "SELECT d.id FROM deals d JOIN stages s ON s.org_id = d.org_id AND s.id = d.stage_id",
        "SELECT d.id FROM deals d LEFT JOIN stages s ON d.org_id = ?1 AND s.org_id = d.org_id",
        "SELECT id FROM deals d WHERE d.org_id = ?1 AND EXISTS (SELECT 1 FROM tasks t "
        "WHERE t.deal_id = d.id)",
        "SELECT CASE WHEN org_id = ?1 THEN 1 END FROM deals",
        "SELECT a FROM deals WHERE org_id = ?1 UNION ALL SELECT b FROM tasks WHERE id = ?1",
        "UPDATE deals SET title = ?2 WHERE id = ?1",
        "DELETE FROM tasks WHERE deal_id = ?1",
        "INSERT INTO tasks (title) VALUES (?1)",
        "INSERT INTO log (org_id, n) SELECT org_id, id FROM deals WHERE id = ?1",
        "SELECT s.id FROM sessions s WHERE s.token_hash = ?1 AND s.org_id = s.org_id",
    ]
    fails = []
    for sql in good:
        if offences(sql):
            fails.append(f"refused: {sql}: {offences(sql)}")
    for sql in bad:
        if not offences(sql):
            fails.append(f"passed: {sql}")
    # the session's look-up by its token is allowed by allow.txt, a deal's
    # is not; nor is a table joined to an allowed one but not by org_id
    found, _ = check({"SELECT user_id FROM sessions WHERE token_hash = ?1",
                      "SELECT id FROM stage_changes WHERE deal_id = ?1"}, allow)
    if len(found) != 1 or not found[0].startswith("stage_changes:"):
        fails.append(f"the allow-list: {found}")
    mail = ("SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id "
            "WHERE n.mailed_at IS NULL ORDER BY n.id LIMIT ?1")
    found, _ = check({mail, mail.replace("ON u.id", "ON u.org_id = n.org_id AND u.id")}, allow)
    if len(found) != 1 or not found[0].startswith("users:") or "u.org_id" in found[0]:
        fails.append(f"the allow-list's joins: {found}")
    return fails


def main():
    allow = load_allow(os.path.join(HERE, "allow.txt"))
    fails = self_test(allow)
    if fails:
        print("check.py: the check itself is wrong:", *fails, sep="\n  ", file=sys.stderr)
        return 1
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        print("check.py: self-test passed")
        return 0
    d = sys.argv[1] if len(sys.argv) > 1 else sys.exit("usage: check.py DIR | --self-test")
    stmts = statements(d) if os.path.isdir(d) else set()
    if not stmts:
        print(f"check.py: no statement was collected in {d}: run the unit tests with "
              "VO_ORG_AUDIT (ctest -R store_org_rule does)", file=sys.stderr)
        return 1
    bad, used = check(stmts, allow)
    for line in bad:
        print(line, file=sys.stderr)
    unused = [f"allow.txt:{a[3]}: {a[0]} | {a[1].pattern}" for a in allow if a[3] not in used]
    print(f"check.py: {len(stmts)} statements, {len(bad)} not filtering by org_id, "
          f"{len(used)} of {len(allow)} allowed entries used")
    for line in unused:
        print("  unused (no statement of this run):", line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
