/*
 * demo_data.c - what the demo company is made of: Russian first names and
 * surnames (with the transliteration used for logins), the halves of
 * company names. The production calendar is model/prodcal.c.
 */
#include "demo/demo.h"

#include <string.h>

const struct vo_demo_name vo_demo_first_m[] = {
    {"Алексей", "a"}, {"Андрей", "a"},  {"Дмитрий", "d"},  {"Сергей", "s"},     {"Иван", "i"},
    {"Максим", "m"},  {"Николай", "n"}, {"Павел", "p"},    {"Артём", "a"},      {"Егор", "e"},
    {"Кирилл", "k"},  {"Михаил", "m"},  {"Роман", "r"},    {"Олег", "o"},       {"Виктор", "v"},
    {"Игорь", "i"},   {"Евгений", "e"}, {"Владимир", "v"}, {"Константин", "k"}, {"Антон", "a"},
};
const size_t vo_demo_first_m_n = sizeof vo_demo_first_m / sizeof vo_demo_first_m[0];

const struct vo_demo_name vo_demo_first_f[] = {
    {"Мария", "m"},     {"Анна", "a"},      {"Елена", "e"},   {"Ольга", "o"},    {"Наталья", "n"},
    {"Татьяна", "t"},   {"Екатерина", "e"}, {"Ирина", "i"},   {"Светлана", "s"}, {"Юлия", "y"},
    {"Анастасия", "a"}, {"Дарья", "d"},     {"Ксения", "k"},  {"Марина", "m"},   {"Виктория", "v"},
    {"Алина", "a"},     {"Полина", "p"},    {"Валерия", "v"}, {"Софья", "s"},    {"Вероника", "v"},
};
const size_t vo_demo_first_f_n = sizeof vo_demo_first_f / sizeof vo_demo_first_f[0];

/* Male forms; every one takes "а" / "a" for the female form. */
const struct vo_demo_name vo_demo_surnames[] = {
    {"Иванов", "ivanov"},        {"Петров", "petrov"},       {"Смирнов", "smirnov"},
    {"Кузнецов", "kuznetsov"},   {"Соколов", "sokolov"},     {"Попов", "popov"},
    {"Лебедев", "lebedev"},      {"Козлов", "kozlov"},       {"Новиков", "novikov"},
    {"Морозов", "morozov"},      {"Волков", "volkov"},       {"Соловьёв", "solovyov"},
    {"Васильев", "vasilyev"},    {"Зайцев", "zaytsev"},      {"Павлов", "pavlov"},
    {"Семёнов", "semyonov"},     {"Голубев", "golubev"},     {"Виноградов", "vinogradov"},
    {"Богданов", "bogdanov"},    {"Воробьёв", "vorobyov"},   {"Фёдоров", "fyodorov"},
    {"Михайлов", "mikhaylov"},   {"Беляев", "belyaev"},      {"Тарасов", "tarasov"},
    {"Белов", "belov"},          {"Комаров", "komarov"},     {"Орлов", "orlov"},
    {"Киселёв", "kiselyov"},     {"Макаров", "makarov"},     {"Андреев", "andreev"},
    {"Ковалёв", "kovalyov"},     {"Ильин", "ilyin"},         {"Гусев", "gusev"},
    {"Титов", "titov"},          {"Кузьмин", "kuzmin"},      {"Кудрявцев", "kudryavtsev"},
    {"Баранов", "baranov"},      {"Куликов", "kulikov"},     {"Алексеев", "alekseev"},
    {"Степанов", "stepanov"},    {"Яковлев", "yakovlev"},    {"Сорокин", "sorokin"},
    {"Сергеев", "sergeev"},      {"Романов", "romanov"},     {"Захаров", "zakharov"},
    {"Борисов", "borisov"},      {"Королёв", "korolyov"},    {"Герасимов", "gerasimov"},
    {"Пономарёв", "ponomaryov"}, {"Григорьев", "grigoryev"},
};
const size_t vo_demo_surnames_n = sizeof vo_demo_surnames / sizeof vo_demo_surnames[0];

const char *const vo_demo_word_a[] = {
    "Север",   "Юг",     "Восток", "Запад",  "Техно", "Строй",   "Агро",     "Энерго",
    "Мега",    "Инвест", "Альфа",  "Гранд",  "Прайм", "Урал",    "Сибирь",   "Волга",
    "Нева",    "Кама",   "Балт",   "Транс",  "Спец",  "Пром",    "Мед",      "Эко",
    "Нефте",   "Газ",    "Лес",    "Металл", "Хим",   "Старт",   "Орион",    "Атлант",
    "Форвард", "Сфера",  "Профи",  "Мастер", "Лидер", "Арсенал", "Меридиан", "Полюс",
};
const size_t vo_demo_word_a_n = sizeof vo_demo_word_a / sizeof vo_demo_word_a[0];

const char *const vo_demo_word_b[] = {
    "строй",  "пром",    "торг",   "сервис",   "снаб",       "маш",      "тех",
    "лайн",   "софт",    "групп",  "логистик", "трейд",      "комплект", "ресурс",
    "систем", "холдинг", "монтаж", "проект",   "инжиниринг", "маркет",
};
const size_t vo_demo_word_b_n = sizeof vo_demo_word_b / sizeof vo_demo_word_b[0];
