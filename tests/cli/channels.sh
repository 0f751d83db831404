#!/usr/bin/env bash
# `voronka report channels` end to end (docs/reports.md, "Channels"; issue
# 12, item 4) on the plan-fact company (tests/cli/data/planfact) with its
# client C1 given channel web and region Казань and marketing spend
# imported from spend.csv: November 2026 as of the end of 2026-11-20
# (E = 2026-11-21 00:00 Europe/Moscow), in JSON, table and CSV, against
# figures worked out by hand (money in kopecks):
#  deals: D1 C1 created 11-02, won 10000000 on 11-10; D2 no client,
#    created 11-05, open; D3 C1 created 10-30, won 3333333 on 11-03; D4 no
#    client, created 11-12, won 1000000 on 11-20 23:30 (before E).
#  web (C1's): leads D1 = 1 (D3 was created in October); won D1, D3 = 2,
#    revenue 13333333; conversion 2; new clients C1 (first win 11-03) = 1;
#    spend 3000000 (the October row is outside P); cac 3000000;
#    romi (13333333 - 3000000) / 3000000 = 3.444444333..;
#    payments of C1 in [2025-11-21, 2026-11-21): PAY1 2000000 (on D1,
#    C1's), PAY2 500050; PAY3 (11-25) is after E -> 2500050 / 1 / 12 =
#    208337.5; payback 3000000 / (0.3 * 208337.5) = 47.99904..
#    D5 no client, created 11-21 (after E: no lead); D6 no client,
#    created 11-15, lost 11-16.
#  none: leads D2, D4, D6 = 3; won D4 = 1, revenue 1000000; conversion
#    1/3; spend 0; new 0; cac, romi, payback null.
#  total: leads 4, won 3, conversion 3/4, revenue 14333333, spend 3000000,
#    new 1, cac 3000000, romi 11333333 / 3000000, payback as web's.
#  --by region: Казань (C1's) leads 1, won 2, new 1; none leads 3, won 1;
#    no spend on the region rows, the total's 3000000.
. "$(dirname "$0")/common.bash"
db=$(new_db ch)
d="$tmp/in"
data_dir planfact "$d"
printf 'id,name,owner,channel,region\nC1,ООО Ромашка,petr@t.ru,web,Казань\n' >"$d/clients.csv"
printf 'channel,month,amount\nweb,2026-11,"30 000"\nweb,2026-10,5000\n' >"$d/spend.csv"
init_and_import "$d"

ch() { # NAME ARGS...: the JSON report into $tmp/NAME.json
  local name=$1; shift
  expect_rc 0 "$VO" report channels --db "$db" --as-of 2026-11-20 --format json "$@"
  cp "$tmp/out" "$tmp/$name.json"
}
ch channel --from 2026-11-01 --to 2026-11-30
ch region --from 2026-11-01 --to 2026-11-30 --by region

py_checks <<'PY'
def rep(name):
    return json.load(open(d + "/" + name + ".json"))
r = rep("channel")
eq("keys", list(r.keys()), ["from", "to", "as_of", "by", "gross_margin", "rows"])
eq("period", (r["from"], r["to"], r["as_of"]), ("2026-11-01", "2026-11-30", "2026-11-21T00:00:00+03:00"))
eq("gross_margin", r["gross_margin"], 0.3)
eq("row keys", list(r["rows"][0].keys()),
   ["channel", "by", "key", "total", "leads", "deals_won", "conversion", "revenue", "spend",
    "new_clients", "cac", "romi", "payback_months"])
def fig(row):
    return (row["channel"], row["total"], row["leads"], row["deals_won"], row["revenue"],
            row["spend"], row["new_clients"], row["cac"])
eq("rows", [fig(x) for x in r["rows"]],
   [("web", False, 1, 2, 13333333, 3000000, 1, 3000000),
    (None, False, 3, 1, 1000000, 0, 0, None),
    (None, True, 4, 3, 14333333, 3000000, 1, 3000000)])
web, none, tot = r["rows"]
eq("web conversion", web["conversion"], 2.0)
eq("web romi", web["romi"], 10333333 / 3000000)
eq("web payback", web["payback_months"], 3000000 / (0.3 * (2500050 / 12)))
eq("none ratios", (none["romi"], none["payback_months"]), (None, None))
eq("none conversion", none["conversion"], 1 / 3)
eq("total conversion", tot["conversion"], 0.75)
eq("total romi", tot["romi"], 11333333 / 3000000)
eq("total payback", tot["payback_months"], 3000000 / (0.3 * (2500050 / 12)))
g = rep("region")
eq("region by", g["by"], "region")
eq("region rows", [(x.get("channel", "-"), x["key"], x["total"], x["leads"], x["deals_won"],
                    x["new_clients"], x["spend"]) for x in g["rows"]],
   [("-", "Казань", False, 1, 2, 1, None), ("-", None, False, 3, 1, 0, None),
    ("-", None, True, 4, 3, 1, 3000000)])
PY

expect_rc 0 "$VO" report channels --db "$db" --as-of 2026-11-20 --from 2026-11-01 --to 2026-11-30
grep -q "^Каналы (канал): 2026-11-01 — 2026-11-30, на конец 2026-11-20$" "$tmp/out" && ok || bad "title: $(head -1 "$tmp/out")"
grep -q "^web  *1  *2  *200,0%  *133.333,33  *30.000,00  *1  *30.000,00  *3,44  *48,00$" "$tmp/out" && ok || bad "web line: $(cat "$tmp/out")"
grep -q "^Итого  *4  *3  *75,0%  *143.333,33  *30.000,00  *1  *30.000,00  *3,78  *48,00$" "$tmp/out" && ok || bad "total line: $(cat "$tmp/out")"
expect_rc 0 "$VO" report channels --db "$db" --as-of 2026-11-20 --from 2026-11-01 --to 2026-11-30 --format csv
[ "$(wc -l <"$tmp/out")" = 4 ] && ok || bad "csv lines: $(cat "$tmp/out")"
grep -q "^by,key,total,leads,deals_won,conversion,revenue,spend,new_clients,cac,romi,payback_months" "$tmp/out" && ok || bad "csv header: $(head -1 "$tmp/out")"
grep -q "^channel,web,0,1,2,2,13333333,3000000,1,3000000,3.44444433333," "$tmp/out" && ok || bad "csv web: $(cat "$tmp/out")"
expect_rc 2 "$VO" report channels --db "$db" --by segment
grep -q "by: by is one of: channel, region, source" "$tmp/err" && ok || bad "bad by: $(cat "$tmp/err")"
finish
