#!/usr/bin/env python3
"""bench/import_gen.py ROWS DIR - voronka-format CSV files of about ROWS
rows in all (docs/bench.md, "Import (issue 16)"), for bench/import.sh.

Valid data with references: 40 users in 4 teams, one pipeline of 5
stages, clients (3 %), deals (10 %: open, won and lost, each with a
client and an owner) and activities (the rest), each activity naming its
deal and that deal's client. Deterministic (a fixed seed), streamed to
the files (constant memory)."""
import os
import random
import sys
import time

def main():
    total, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(16)
    os.makedirs(out, exist_ok=True)
    nusers, nstages = 40, 5
    nclients = max(1, total * 3 // 100)
    ndeals = max(1, total // 10)
    nacts = max(0, total - nusers - nstages - nclients - ndeals)
    stages = ["Квалификация", "Встреча", "Предложение", "Договор", "Оплата"]
    emails = ["m%02d@bench.example" % i for i in range(nusers)]
    with open(os.path.join(out, "users.csv"), "w") as f:
        f.write("name,email,role,team\n")
        for i, e in enumerate(emails):
            f.write("Менеджер %02d,%s,%s,Отдел %d\n" % (i, e, "head" if i % 10 == 0 else "manager", i // 10))
    with open(os.path.join(out, "pipelines.csv"), "w") as f:
        f.write("pipeline,stage,position,max_days\n")
        for i, s in enumerate(stages):
            f.write("Продажи,%s,%d,%d\n" % (s, i + 1, 7 * (i + 1)))
    day = 86400
    t0 = 1672531200  # 2023-01-01 UTC
    def ts(t):
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
    with open(os.path.join(out, "clients.csv"), "w") as f:
        f.write("id,name,channel,region,segment,source,owner,created_at,key_account\n")
        w = f.write
        for i in range(nclients):
            w('C%d,"ООО ""Клиент %d""",%s,%s,SMB,Яндекс,%s,%s,%d\n' % (
                i, i, ("Сайт", "Звонок", "Партнёр")[i % 3], ("Москва", "Казань")[i % 2],
                emails[i % nusers], ts(t0 + (i * 7919) % (700 * day)), 1 if i % 50 == 0 else 0))
    deal_client = []
    with open(os.path.join(out, "deals.csv"), "w") as f:
        f.write("id,owner,pipeline,created_at,title,client,stage,status,amount,closed_at,loss_reason,channel\n")
        w = f.write
        for i in range(ndeals):
            c = rnd.randrange(nclients)
            deal_client.append(c)
            created = t0 + (i * 104729) % (700 * day)
            st = rnd.randrange(nstages)
            kind = i % 5
            status, closed, reason = "open", "", ""
            if kind == 1:
                status, closed = "won", ts(created + 10 * day)
            elif kind == 2:
                status, closed, reason = "lost", ts(created + 5 * day), "Дорого"
            w("D%d,%s,Продажи,%s,Сделка %d,C%d,%s,%s,%d.%02d,%s,%s,Сайт\n" % (
                i, emails[i % nusers], ts(created), i, c, stages[st], status,
                1000 + rnd.randrange(500000), rnd.randrange(100), closed, reason))
    types = ("call", "meeting", "email", "message")
    with open(os.path.join(out, "activities.csv"), "w") as f:
        f.write("id,type,user,at,deal,client,duration_s,direction,outcome\n")
        w = f.write
        for i in range(nacts):
            d = rnd.randrange(ndeals)
            ty = types[i % 4]
            w("A%d,%s,%s,%s,D%d,C%d,%d,%s,%s\n" % (
                i, ty, emails[i % nusers], ts(t0 + (i * 7) % (700 * day)), d, deal_client[d],
                rnd.randrange(3600) if ty == "call" else 0, ("in", "out")[i % 2],
                "reached" if i % 3 else ""))
    print(nusers + nstages + nclients + ndeals + nacts)

main()
