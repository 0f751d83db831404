/*
 * prodcal.c - the Russian production calendar (производственный календарь)
 * as data: what a new org loads into its holidays and what the demo
 * company is built on.
 *
 * The calendar: the statutory non-working holidays (Labour Code art. 112)
 * are the same every year; what moves is decided each year by a government
 * decree. 2024 (decree No 1335 of 10.08.2023), 2025 (No 1335 of
 * 04.10.2024) and 2026 (decree of 24.09.2025) are encoded as decreed. 2027
 * has no decree yet: it is encoded provisionally by analogy with 2021, the
 * last year with the same weekday layout. Any other year applies the rule
 * of art. 112 alone: a holiday (other than the New Year days) that falls on
 * a weekend moves the day off to the next working day.
 */
#include "model/prodcal.h"

#include "base/timeutil.h"

struct fixed_day {
    int m, d;
    const char *name;
};

static const struct fixed_day STATUTORY[] = {
    {1, 1, "Новогодние каникулы"},
    {1, 2, "Новогодние каникулы"},
    {1, 3, "Новогодние каникулы"},
    {1, 4, "Новогодние каникулы"},
    {1, 5, "Новогодние каникулы"},
    {1, 6, "Новогодние каникулы"},
    {1, 7, "Рождество Христово"},
    {1, 8, "Новогодние каникулы"},
    {2, 23, "День защитника Отечества"},
    {3, 8, "Международный женский день"},
    {5, 1, "Праздник Весны и Труда"},
    {5, 9, "День Победы"},
    {6, 12, "День России"},
    {11, 4, "День народного единства"},
};
#define NSTATUTORY (sizeof STATUTORY / sizeof STATUTORY[0])

static const char MOVED_OFF[] = "Перенесённый выходной";
static const char MOVED_WORK[] = "Рабочая суббота (перенос)";

struct transfer {
    int y, m, d;
    enum vo_day_kind kind;
};

/* The days each decree moved (the days off that replace holidays on
 * weekends, and the Saturdays made working days). */
static const struct transfer DECREED[] = {
    {2024, 4, 27, VO_DAY_WORKDAY},
    {2024, 4, 29, VO_DAY_HOLIDAY},
    {2024, 4, 30, VO_DAY_HOLIDAY},
    {2024, 5, 10, VO_DAY_HOLIDAY},
    {2024, 11, 2, VO_DAY_WORKDAY},
    {2024, 12, 28, VO_DAY_WORKDAY},
    {2024, 12, 30, VO_DAY_HOLIDAY},
    {2024, 12, 31, VO_DAY_HOLIDAY},

    {2025, 5, 2, VO_DAY_HOLIDAY},
    {2025, 5, 8, VO_DAY_HOLIDAY},
    {2025, 6, 13, VO_DAY_HOLIDAY},
    {2025, 11, 1, VO_DAY_WORKDAY},
    {2025, 11, 3, VO_DAY_HOLIDAY},
    {2025, 12, 31, VO_DAY_HOLIDAY},

    {2026, 1, 9, VO_DAY_HOLIDAY},
    {2026, 3, 9, VO_DAY_HOLIDAY},
    {2026, 5, 11, VO_DAY_HOLIDAY},
    {2026, 12, 31, VO_DAY_HOLIDAY},

    /* Provisional (no decree yet): the weekend holidays of May and June
     * move by the rule; Jan 2 and 3 as in 2021, to Nov 5 and Dec 31. */
    {2027, 5, 3, VO_DAY_HOLIDAY},
    {2027, 5, 10, VO_DAY_HOLIDAY},
    {2027, 6, 14, VO_DAY_HOLIDAY},
    {2027, 11, 5, VO_DAY_HOLIDAY},
    {2027, 12, 31, VO_DAY_HOLIDAY},
};
#define NDECREED      (sizeof DECREED / sizeof DECREED[0])
#define FIRST_DECREED VO_PRODCAL_FIRST
#define LAST_DECREED  VO_PRODCAL_LAST
#define LAST_OFFICIAL 2026

static bool is_statutory(int m, int d)
{
    for (size_t i = 0; i < NSTATUTORY; i++)
        if (STATUTORY[i].m == m && STATUTORY[i].d == d)
            return true;
    return false;
}

static void add_day(struct vo_holiday *out, size_t cap, size_t *n, int y, int m, int d,
                    enum vo_day_kind kind, const char *name)
{
    if (*n < cap)
        out[*n] = (struct vo_holiday){.y = y, .m = m, .d = d, .kind = kind, .name = name};
    (*n)++;
}

static int cmp_holiday(const struct vo_holiday *a, const struct vo_holiday *b)
{
    if (a->m != b->m)
        return a->m - b->m;
    return a->d - b->d;
}

size_t vo_prodcal_year(int year, struct vo_holiday *out, size_t cap, bool *official)
{
    size_t n = 0;
    for (size_t i = 0; i < NSTATUTORY; i++)
        add_day(out, cap, &n, year, STATUTORY[i].m, STATUTORY[i].d, VO_DAY_HOLIDAY,
                STATUTORY[i].name);
    if (year >= FIRST_DECREED && year <= LAST_DECREED) {
        for (size_t i = 0; i < NDECREED; i++)
            if (DECREED[i].y == year)
                add_day(out, cap, &n, year, DECREED[i].m, DECREED[i].d, DECREED[i].kind,
                        DECREED[i].kind == VO_DAY_HOLIDAY ? MOVED_OFF : MOVED_WORK);
    } else {
        /* Art. 112: a weekend holiday (not of the New Year days) gives the
         * next working day off. */
        int pending_y = 0;
        struct vo_date pending[NSTATUTORY];
        for (size_t i = 8; i < NSTATUTORY; i++) {
            struct vo_date dd = {year, STATUTORY[i].m, STATUTORY[i].d};
            if (vo_date_weekday(dd) < 6)
                continue;
            struct vo_date next = dd;
            for (;;) {
                next = vo_date_add_days(next, 1);
                bool taken = is_statutory(next.m, next.d);
                for (int k = 0; k < pending_y; k++)
                    taken = taken || vo_date_cmp(pending[k], next) == 0;
                if (vo_date_weekday(next) < 6 && !taken)
                    break;
            }
            pending[pending_y++] = next;
            if (next.y == year)
                add_day(out, cap, &n, year, next.m, next.d, VO_DAY_HOLIDAY, MOVED_OFF);
        }
    }
    if (official)
        *official = year >= FIRST_DECREED && year <= LAST_OFFICIAL;
    /* Insertion sort by date: a couple of dozen rows. */
    size_t m = n < cap ? n : cap;
    for (size_t i = 1; i < m; i++) {
        struct vo_holiday h = out[i];
        size_t j = i;
        while (j > 0 && cmp_holiday(&out[j - 1], &h) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = h;
    }
    return n;
}
