// i18n.js - the words of the app in Russian (the default) and English, and
// the formatters of numbers, money and dates for the chosen language. The
// choice is kept in localStorage; changing it re-renders the app.

const DICT = {
  ru: {
    app: 'Воронка', 'lang.switch': 'English', loading: 'Загрузка…', empty: 'Нет данных',
    retry: 'Повторить', error: 'Ошибка', 'error.field': 'Поле', signout: 'Выйти',
    'error.storage_full': 'На диске сервера кончилось место: изменение не сохранено. Освободите место на сервере и повторите.',
    'login.title': 'Вход в систему', 'login.email': 'Эл. почта', 'login.password': 'Пароль',
    'login.submit': 'Войти', 'login.busy': 'Вход…', 'login.bad': 'Неверная почта или пароль',
    'login.throttled': 'Слишком много попыток, подождите минуту',
    'login.required': 'Заполните поле',
    'nav.myday': 'Мой день', 'nav.planfact': 'План-факт', 'nav.daily': 'Планёрка',
    'nav.funnel': 'Воронка', 'nav.hygiene': 'Гигиена CRM', 'nav.board': 'Сделки',
    'nav.plans': 'Планы', 'nav.deal': 'Сделка', 'nav.settings': 'Настройки',
    'role.admin': 'Администратор', 'role.head': 'Руководитель отдела', 'role.manager': 'Менеджер',
    'role.viewer': 'Наблюдатель',
    period: 'Период', 'as_of': 'На дату', show: 'Показать', department: 'Отдел',
    manager: 'Менеджер', metric: 'Показатель', plan: 'План', fact: 'Факт', pct: '%',
    forecast: 'Прогноз', gap: 'Разрыв', per_day: 'Нужно в день', 'pf.title': 'План-факт',
    'pf.wd': 'Рабочих дней: {e} из {t}', 'pf.chart': 'Выручка отдела нарастающим итогом',
    'pf.chart.fact': 'Факт', 'pf.chart.plan': 'План', 'pf.metric': 'Показатель',
    'pf.pace.good': 'в темпе', 'pf.pace.warn': 'чуть отстаёт', 'pf.pace.bad': 'отстаёт',
    'pf.byuser': 'По менеджерам',
    'm.leads': 'Обращения', 'm.calls': 'Звонки', 'm.call_minutes': 'Минуты звонков',
    'm.meetings': 'Встречи', 'm.deals_won': 'Выигранные сделки', 'm.revenue': 'Выручка',
    'm.payments': 'Поступления', 'm.avg_check': 'Средний чек', 'm.conversion': 'Конверсия',
    'm.tasks_done': 'Задачи выполнены', 'm.tasks_done_on_time': 'Задачи в срок',
    'm.tasks_overdue': 'Просроченные задачи',
    'daily.title': 'Планёрка', 'daily.tab.daily': 'Ежедневная', 'daily.tab.weekly': 'Неделя',
    'daily.tab.monthly': 'Месяц', 'daily.date': 'День планёрки', 'daily.print': 'Печать',
    'daily.review': 'Итоги {d}', 'daily.review.range': 'Итоги {f} — {t}',
    'daily.today': 'План сегодня', 'daily.month': 'Месяц', 'daily.plan_to_date': 'План к дате',
    'daily.mtd': 'Факт мес.', 'daily.mtd_pct': '% мес.', 'daily.overdue': 'Просрочено задач',
    'daily.hygiene': 'Гигиена', 'daily.behind': 'Отстают от темпа', 'daily.shortfall': 'Недобор',
    'daily.nobody': 'Все идут в темпе', 'daily.prev': 'Пред. период', 'daily.change': 'Изм.',
    'daily.nonworking': 'сегодня нерабочий день', 'daily.wd': 'рабочих дней: {e} из {t}',
    'funnel.title': 'Воронка продаж', 'funnel.by': 'Разрез', 'funnel.by.none': 'Весь отдел',
    'funnel.by.user': 'Менеджеры', 'funnel.by.team': 'Команды', 'funnel.by.channel': 'Каналы',
    'funnel.by.region': 'Регионы', 'funnel.by.source': 'Источники', 'funnel.stage': 'Этап',
    'funnel.reached': 'Дошли', 'funnel.conv': 'Конв. дальше', 'funnel.lost': 'Проиграны',
    'funnel.open': 'Открыты', 'funnel.time': 'Дней на этапе', 'funnel.size': 'Сделок',
    'funnel.won': 'Выиграно', 'funnel.winrate': 'Win rate', 'funnel.avg': 'Средняя сделка',
    'funnel.cycle': 'Цикл, дн.', 'funnel.bottleneck': 'Узкое место', 'funnel.cost': 'стоит',
    'funnel.cohort': 'Когорта сделок, созданных {f} — {t}', 'funnel.all': 'Все',
    'funnel.nobottleneck': 'нет', 'funnel.overall': 'Итоговая конверсия',
    'hyg.title': 'Гигиена CRM', 'hyg.score': 'Оценка', 'hyg.open': 'Открытых сделок',
    'hyg.overdue': 'Просроч. задачи', 'hyg.no_next': 'Без след. задачи', 'hyg.stale': 'Заброшены',
    'hyg.stuck': 'Зависли', 'hyg.incomplete': 'Не заполнены', 'hyg.overloaded': 'Перегружен',
    'hyg.fix': 'Что исправить', 'hyg.deals': 'Сделки', 'hyg.tasks': 'Просроченные задачи',
    'hyg.deal': 'Сделка', 'hyg.client': 'Клиент', 'hyg.owner': 'Ответственный',
    'hyg.reasons': 'Причины', 'hyg.task': 'Задача', 'hyg.due': 'Срок', 'hyg.days': 'Дней',
    'hyg.f.no_next_task': 'нет следующей задачи', 'hyg.f.stale': 'без касаний {d} дн.',
    'hyg.f.stuck': 'на этапе «{s}» {d} дн. > {m}', 'hyg.f.incomplete': 'не заполнено: {x}',
    'hyg.all': 'Все менеджеры', 'hyg.more': 'Показать ещё {n}',
    'board.title': 'Название сделки', 'board.amount': 'Сумма, ₽', 'board.add': 'Добавить',
    'board.quick': 'Сделка', 'board.noclient': 'без клиента', 'board.days': 'Дней на этапе',
    'board.daysin': '{d} дн. на этапе', 'board.moveto': 'Перевести на этап', 'board.win': 'Выиграна',
    'board.lose': 'Проиграна', 'board.reason': 'Причина проигрыша', 'board.team': 'Команда',
    'board.channel': 'Канал', 'board.more': 'и ещё {n}', 'board.f.stuck': 'зависла {d} дн.',
    'board.f.noamount': 'нет суммы', 'board.f.noclient': 'нет клиента',
    'form.required': 'заполните поле', 'form.badamount': 'введите сумму числом', cancel: 'Отмена',
    save: 'Сохранить',
    'field.title': 'Название', 'field.amount': 'Сумма', 'field.reason': 'Причина', 'field.stage': 'Этап',
    'field.duration_s': 'Длительность', 'field.outcome': 'Результат', 'field.due_at': 'Срок',
    'field.at': 'Время', 'field.type': 'Тип', 'field.paid_at': 'Дата оплаты', 'field.email': 'Эл. почта',
    'field.password': 'Пароль', 'field.name': 'Имя', 'field.role': 'Роль', 'field.id': 'Объект',
    'deal.client': 'Клиент', 'deal.amount': 'Сумма', 'deal.stage': 'Этап', 'deal.owner': 'Ответственный',
    'deal.channel': 'Канал', 'deal.source': 'Источник', 'deal.created': 'Создана', 'deal.days': 'Дней на этапе',
    'deal.closed': 'Закрыта', 'deal.reason': 'Причина проигрыша', 'deal.history': 'История этапов',
    'deal.payments': 'Оплаты', 'deal.nopayments': 'Оплат нет', 'deal.addpayment': 'Добавить оплату',
    'deal.tasks': 'Задачи', 'deal.notasks': 'Задач нет', 'deal.addtask': 'Добавить задачу',
    'deal.activities': 'Активности', 'deal.noacts': 'Активностей нет', 'deal.log.call': 'Записать звонок',
    'deal.log.meeting': 'Записать встречу', 'deal.minutes': 'Длительность, мин', 'deal.direction': 'Направление',
    'deal.dir.out': 'Исходящий', 'deal.dir.in': 'Входящий', 'deal.min': 'мин',
    'deal.out.reached': 'Дозвонились', 'deal.out.no_answer': 'Нет ответа', 'deal.out.callback': 'Перезвонить',
    'deal.out.interested': 'Интересно', 'deal.out.not_interested': 'Не интересно',
    'deal.type.call': 'Звонок', 'deal.type.meeting': 'Встреча', 'deal.type.email': 'Письмо', 'deal.type.message': 'Сообщение',
    'deal.status.open': 'В работе', 'deal.status.won': 'Выиграна', 'deal.status.lost': 'Проиграна',
    'myday.tasks': 'Задачи на сегодня', 'myday.overdue': 'Просрочены', 'myday.today': 'Сегодня',
    'myday.free': 'На сегодня задач больше нет', 'myday.plan': 'Мой план на месяц', 'myday.board': 'Рейтинг по выручке',
    'myday.place': 'Моё место: {p} из {n}', 'myday.noboard': 'Рейтинг отдела показывает руководитель на планёрке.',
    'plans.dept': 'План отдела', 'plans.none': 'не задан', 'plans.target': 'Цель', 'plans.method': 'Способ разбивки',
    'plans.m.history': 'По истории (3 месяца)', 'plans.m.equal': 'Поровну', 'plans.split': 'Разбить на менеджеров',
    'plans.splitdone': 'План разбит на {n} менеджеров', 'plans.managers': 'Планы менеджеров', 'plans.share': 'Доля',
    'plans.sum': 'Сумма планов', 'plans.adjust': 'Изменить план менеджера', 'plans.saved': 'Сохранено',
    'field.target': 'Цель', 'field.scope': 'Кому', 'field.metric': 'Показатель', 'field.period': 'Период', 'field.method': 'Способ',
    'todo.title': 'Раздел в работе', 'todo.text': 'Этот экран появится, когда будет готов его API.',
    'set.tab.users': 'Пользователи и роли', 'set.tab.pipelines': 'Воронки и этапы', 'set.tab.calendar': 'Производственный календарь',
    'set.tab.org': 'Компания и гигиена', 'set.tab.tokens': 'API-токены',
    'set.tab.teams': 'Команды', 'set.teams': 'Команды', 'set.team.new': 'Новая команда', 'set.team.add': 'Создать команду',
    'set.team.members': 'Сотрудников', 'set.noteams': 'Команд пока нет: создайте первую ниже.',
    'set.team.hint': 'Команду назначают пользователю на вкладке «Пользователи и роли». Название команды должно быть уникальным.',
    'set.f.tmname': 'Название команды', 'set.pipeline.new': 'Новая воронка', 'set.pipeline.add': 'Создать воронку',
    'set.f.pname': 'Название воронки', 'set.pipeline.hint': 'Этапы новой воронки добавляются в её карточке ниже.',
    'myday.rev': 'Моя обратная воронка', 'myday.rev.hint': 'Сколько обращений, встреч и сделок мне нужно для цели по выручке — по моей истории за 3 месяца ({f} — {t}).',
    'set.users': 'Пользователи', 'set.active.n': 'активных', 'set.you': 'это вы', 'set.status': 'Статус',
    'set.active': 'Активен', 'set.disabled': 'Отключён', 'set.disable': 'Отключить', 'set.enable': 'Включить',
    'set.pw.set': 'Пароль…', 'set.pw.for': 'Новый пароль для {n}', 'set.pw.done': 'Пароль изменён',
    'set.pw.own': 'Ваш новый пароль', 'set.pw.current': 'Текущий пароль',
    'set.user.new': 'Новый пользователь', 'set.user.add': 'Добавить',
    'set.user.hint': 'Пароль будет сгенерирован и показан один раз — передайте его сотруднику.',
    'set.user.pw': 'Пароль для {n} ({e})', 'set.once': 'Пароль показан один раз: после закрытия его не увидеть.',
    'set.copy': 'Копировать', 'set.copied': 'Скопировано', 'set.hide': 'Скрыть',
    'set.f.name': 'Имя', 'set.f.email': 'Эл. почта', 'set.f.role': 'Роль', 'set.f.team': 'Команда', 'set.f.password': 'Пароль',
    'set.f.current_password': 'Текущий пароль',
    'set.f.max_days': 'Лимит дней на этапе', 'set.f.position': 'Позиция', 'set.f.date': 'Дата', 'set.f.kind': 'Тип дня',
    'set.f.hname': 'Название', 'set.f.orgname': 'Название компании', 'set.f.tz': 'Часовой пояс', 'set.f.currency': 'Валюта',
    'set.f.stale_days': 'Сделка заброшена через, дней', 'set.f.open_deal_limit': 'Лимит открытых сделок на менеджера',
    'set.f.required_deal_fields': 'Обязательные поля сделки', 'set.f.settings': 'Настройки',
    'set.f.tname': 'Название токена', 'set.f.tuser': 'От имени', 'set.f.user_id': 'От имени', 'set.f.year': 'Год',
    'set.req.amount': 'Сумма', 'set.req.client': 'Клиент', 'set.req.stage': 'Этап', 'set.req.channel': 'Канал', 'set.req.source': 'Источник',
    'set.nolimit': 'без лимита', 'set.badmax': 'целое число дней от 1 или пусто', 'set.badint': 'целое число от 1',
    'set.stages.n': 'этапов: {n}', 'set.order': 'Порядок', 'set.up': 'Выше', 'set.down': 'Ниже',
    'set.stage.new': 'Новый этап', 'set.stage.add': 'Добавить этап', 'set.nopipelines': 'Воронок пока нет: загрузите их импортом.',
    'set.calendar': 'Производственный календарь', 'set.year': 'Год', 'set.prevyear': 'Предыдущий год', 'set.nextyear': 'Следующий год',
    'set.cal.hint': 'Отметьте праздники (выходной в будний день) и перенесённые рабочие дни (рабочая суббота). Планы раскладываются по рабочим дням.',
    'set.kind.holiday': 'Праздник', 'set.kind.workday': 'Рабочий день', 'set.hname.ph': 'Новый год, перенос…',
    'set.holiday.add': 'Отметить день', 'set.remove': 'Убрать', 'set.cal.empty': 'В {y} году отметок нет: выходные — суббота и воскресенье.',
    'set.org': 'Компания', 'set.hygiene': 'Гигиена CRM', 'set.tz.hint': 'Имя IANA, например Europe/Moscow',
    'set.stale.hint': 'Сделка без касаний дольше этого считается заброшенной', 'set.limit.hint': 'Больше — менеджер «перегружен»; пусто — без лимита',
    'set.tokens': 'Токены', 'set.token.new': 'Новый API-токен', 'set.token.add': 'Создать токен',
    'set.token.hint': 'Токен даёт интеграции доступ к API с правами выбранного пользователя: заголовок Authorization: Bearer <токен>.',
    'set.token.secret': 'Секрет токена «{n}»', 'set.token.once': 'Секрет показан один раз: сохраните его сейчас.',
    'set.tname.ph': 'Например, 1С или телефония', 'set.created': 'Создан', 'set.used': 'Использован', 'set.never': 'ни разу',
    'set.revoked': 'Отозван', 'set.revoke': 'Отозвать', 'set.revoke.sure': 'Отозвать токен?', 'set.revoke.yes': 'Да, отозвать',
    'set.notokens': 'Токенов пока нет',
    'plans.days': 'План по дням и неделям', 'plans.by.day': 'По дням', 'plans.by.week': 'По неделям', 'plans.total': 'Итого',
    'plans.wd': 'рабочих дней: {n}', 'plans.nodays': 'На этот месяц планов по показателю нет', 'plans.chart': 'План отдела по периодам',
    'plans.rev': 'Обратная воронка', 'plans.rev.hint': 'Сколько сделок, встреч и обращений нужно для цели по выручке — по истории менеджера за 3 месяца ({f} — {t}).',
    'plans.rev.revenue': 'Цель по выручке', 'plans.rev.calc': 'Рассчитать', 'plans.rev.avg': 'Средний чек',
    'plans.rev.conv_lm': 'Обращение → встреча', 'plans.rev.conv_mw': 'Встреча → сделка', 'plans.rev.won': 'Выиграть сделок',
    'plans.rev.meetings': 'Провести встреч', 'plans.rev.leads': 'Получить обращений', 'plans.rev.perday': '{n} в рабочий день',
    'plans.rev.nohist': 'нет истории', 'plans.rev.history': 'История: обращений {l}, встреч {m}, выиграно {w} на {r}',
    'plans.rev.wd': 'рабочих дней в месяце: {n}', 'field.revenue': 'Выручка', 'field.user': 'Менеджер', 'field.by': 'Разбивка',
    'funnel.f.team': 'Команда', 'funnel.f.channel': 'Канал', 'funnel.f.region': 'Регион', 'funnel.f.source': 'Источник',
    'funnel.f.all': 'все', 'funnel.f.reset': 'Сбросить фильтры', 'funnel.f.none': '(не указан)', 'funnel.f.empty': 'с такими фильтрами за этот период не создано ни одной сделки, измените фильтры или месяц',
    'funnel.empty': 'за этот период не создано ни одной сделки, выберите другой месяц',
    'notfound': 'Страница не найдена', dept: 'Отдел продаж',
  },
  en: {
    app: 'Voronka', 'lang.switch': 'Русский', loading: 'Loading…', empty: 'No data',
    retry: 'Retry', error: 'Error', 'error.field': 'Field', signout: 'Sign out',
    'error.storage_full': 'The server\'s disk is full: the change was not saved. Free disk space on the server, then try again.',
    'login.title': 'Sign in', 'login.email': 'Email', 'login.password': 'Password',
    'login.submit': 'Sign in', 'login.busy': 'Signing in…', 'login.bad': 'Wrong email or password',
    'login.throttled': 'Too many attempts, wait a minute', 'login.required': 'Fill in this field',
    'nav.myday': 'My day', 'nav.planfact': 'Plan vs fact', 'nav.daily': 'Daily meeting',
    'nav.funnel': 'Funnel', 'nav.hygiene': 'CRM hygiene', 'nav.board': 'Deals',
    'nav.plans': 'Plans', 'nav.deal': 'Deal', 'nav.settings': 'Settings',
    'role.admin': 'Administrator', 'role.head': 'Head of sales', 'role.manager': 'Manager',
    'role.viewer': 'Viewer',
    period: 'Period', 'as_of': 'As of', show: 'Show', department: 'Department',
    manager: 'Manager', metric: 'Metric', plan: 'Plan', fact: 'Fact', pct: '%',
    forecast: 'Forecast', gap: 'Gap', per_day: 'Needed per day', 'pf.title': 'Plan vs fact',
    'pf.wd': 'Working days: {e} of {t}', 'pf.chart': 'Department revenue, cumulative',
    'pf.chart.fact': 'Fact', 'pf.chart.plan': 'Plan', 'pf.metric': 'Metric',
    'pf.pace.good': 'on pace', 'pf.pace.warn': 'slightly behind', 'pf.pace.bad': 'behind',
    'pf.byuser': 'By manager',
    'm.leads': 'Leads', 'm.calls': 'Calls', 'm.call_minutes': 'Call minutes',
    'm.meetings': 'Meetings', 'm.deals_won': 'Deals won', 'm.revenue': 'Revenue',
    'm.payments': 'Payments', 'm.avg_check': 'Average check', 'm.conversion': 'Conversion',
    'm.tasks_done': 'Tasks done', 'm.tasks_done_on_time': 'Tasks on time',
    'm.tasks_overdue': 'Overdue tasks',
    'daily.title': 'Daily meeting', 'daily.tab.daily': 'Daily', 'daily.tab.weekly': 'Week',
    'daily.tab.monthly': 'Month', 'daily.date': 'Meeting day', 'daily.print': 'Print',
    'daily.review': 'Results of {d}', 'daily.review.range': 'Results {f} — {t}',
    'daily.today': 'Today\'s plan', 'daily.month': 'Month', 'daily.plan_to_date': 'Plan to date',
    'daily.mtd': 'Month fact', 'daily.mtd_pct': 'Month %', 'daily.overdue': 'Overdue tasks',
    'daily.hygiene': 'Hygiene', 'daily.behind': 'Behind pace', 'daily.shortfall': 'Shortfall',
    'daily.nobody': 'Everyone is on pace', 'daily.prev': 'Previous', 'daily.change': 'Change',
    'daily.nonworking': 'today is not a working day', 'daily.wd': 'working days: {e} of {t}',
    'funnel.title': 'Sales funnel', 'funnel.by': 'Split by', 'funnel.by.none': 'Whole department',
    'funnel.by.user': 'Managers', 'funnel.by.team': 'Teams', 'funnel.by.channel': 'Channels',
    'funnel.by.region': 'Regions', 'funnel.by.source': 'Sources', 'funnel.stage': 'Stage',
    'funnel.reached': 'Reached', 'funnel.conv': 'Conv. next', 'funnel.lost': 'Lost',
    'funnel.open': 'Open', 'funnel.time': 'Days in stage', 'funnel.size': 'Deals',
    'funnel.won': 'Won', 'funnel.winrate': 'Win rate', 'funnel.avg': 'Average deal',
    'funnel.cycle': 'Cycle, days', 'funnel.bottleneck': 'Bottleneck', 'funnel.cost': 'costs',
    'funnel.cohort': 'Cohort of deals created {f} — {t}', 'funnel.all': 'All',
    'funnel.nobottleneck': 'none', 'funnel.overall': 'Overall conversion',
    'hyg.title': 'CRM hygiene', 'hyg.score': 'Score', 'hyg.open': 'Open deals',
    'hyg.overdue': 'Overdue tasks', 'hyg.no_next': 'No next task', 'hyg.stale': 'Stale',
    'hyg.stuck': 'Stuck', 'hyg.incomplete': 'Incomplete', 'hyg.overloaded': 'Overloaded',
    'hyg.fix': 'To fix', 'hyg.deals': 'Deals', 'hyg.tasks': 'Overdue tasks',
    'hyg.deal': 'Deal', 'hyg.client': 'Client', 'hyg.owner': 'Owner',
    'hyg.reasons': 'Reasons', 'hyg.task': 'Task', 'hyg.due': 'Due', 'hyg.days': 'Days',
    'hyg.f.no_next_task': 'no next task', 'hyg.f.stale': 'untouched {d} days',
    'hyg.f.stuck': 'in «{s}» {d} days > {m}', 'hyg.f.incomplete': 'missing: {x}',
    'hyg.all': 'All managers', 'hyg.more': 'Show {n} more',
    'board.title': 'Deal title', 'board.amount': 'Amount', 'board.add': 'Add',
    'board.quick': 'Deal', 'board.noclient': 'no client', 'board.days': 'Days in stage',
    'board.daysin': '{d} d in stage', 'board.moveto': 'Move to stage', 'board.win': 'Won',
    'board.lose': 'Lost', 'board.reason': 'Loss reason', 'board.team': 'Team',
    'board.channel': 'Channel', 'board.more': 'and {n} more', 'board.f.stuck': 'stuck {d} d',
    'board.f.noamount': 'no amount', 'board.f.noclient': 'no client',
    'form.required': 'fill in this field', 'form.badamount': 'enter the amount as a number', cancel: 'Cancel',
    save: 'Save',
    'field.title': 'Title', 'field.amount': 'Amount', 'field.reason': 'Reason', 'field.stage': 'Stage',
    'field.duration_s': 'Duration', 'field.outcome': 'Outcome', 'field.due_at': 'Due',
    'field.at': 'Time', 'field.type': 'Type', 'field.paid_at': 'Paid on', 'field.email': 'Email',
    'field.password': 'Password', 'field.name': 'Name', 'field.role': 'Role', 'field.id': 'Object',
    'deal.client': 'Client', 'deal.amount': 'Amount', 'deal.stage': 'Stage', 'deal.owner': 'Owner',
    'deal.channel': 'Channel', 'deal.source': 'Source', 'deal.created': 'Created', 'deal.days': 'Days in stage',
    'deal.closed': 'Closed', 'deal.reason': 'Loss reason', 'deal.history': 'Stage history',
    'deal.payments': 'Payments', 'deal.nopayments': 'No payments', 'deal.addpayment': 'Add payment',
    'deal.tasks': 'Tasks', 'deal.notasks': 'No tasks', 'deal.addtask': 'Add task',
    'deal.activities': 'Activities', 'deal.noacts': 'No activities', 'deal.log.call': 'Log a call',
    'deal.log.meeting': 'Log a meeting', 'deal.minutes': 'Duration, min', 'deal.direction': 'Direction',
    'deal.dir.out': 'Outgoing', 'deal.dir.in': 'Incoming', 'deal.min': 'min',
    'deal.out.reached': 'Reached', 'deal.out.no_answer': 'No answer', 'deal.out.callback': 'Call back',
    'deal.out.interested': 'Interested', 'deal.out.not_interested': 'Not interested',
    'deal.type.call': 'Call', 'deal.type.meeting': 'Meeting', 'deal.type.email': 'Email', 'deal.type.message': 'Message',
    'deal.status.open': 'Open', 'deal.status.won': 'Won', 'deal.status.lost': 'Lost',
    'myday.tasks': 'Tasks for today', 'myday.overdue': 'Overdue', 'myday.today': 'Today',
    'myday.free': 'No more tasks today', 'myday.plan': 'My month plan', 'myday.board': 'Revenue leaderboard',
    'myday.place': 'My place: {p} of {n}', 'myday.noboard': 'The department ranking is shown by the head of sales.',
    'plans.dept': 'Department plan', 'plans.none': 'not set', 'plans.target': 'Target', 'plans.method': 'Split method',
    'plans.m.history': 'By history (3 months)', 'plans.m.equal': 'Equally', 'plans.split': 'Split to managers',
    'plans.splitdone': 'Split to {n} managers', 'plans.managers': 'Managers\' plans', 'plans.share': 'Share',
    'plans.sum': 'Sum of plans', 'plans.adjust': 'Adjust a manager\'s plan', 'plans.saved': 'Saved',
    'field.target': 'Target', 'field.scope': 'Scope', 'field.metric': 'Metric', 'field.period': 'Period', 'field.method': 'Method',
    'todo.title': 'Coming soon', 'todo.text': 'This screen arrives with its API.',
    'set.tab.users': 'Users and roles', 'set.tab.pipelines': 'Pipelines and stages', 'set.tab.calendar': 'Working calendar',
    'set.tab.org': 'Company and hygiene', 'set.tab.tokens': 'API tokens',
    'set.tab.teams': 'Teams', 'set.teams': 'Teams', 'set.team.new': 'New team', 'set.team.add': 'Create team',
    'set.team.members': 'Members', 'set.noteams': 'No teams yet: create the first one below.',
    'set.team.hint': 'A team is assigned to a user on the "Users and roles" tab. Team names are unique.',
    'set.f.tmname': 'Team name', 'set.pipeline.new': 'New pipeline', 'set.pipeline.add': 'Create pipeline',
    'set.f.pname': 'Pipeline name', 'set.pipeline.hint': 'Add the new pipeline\'s stages in its card below.',
    'myday.rev': 'My reverse funnel', 'myday.rev.hint': 'How many leads, meetings and deals my revenue target needs, from my last 3 months ({f} — {t}).',
    'set.users': 'Users', 'set.active.n': 'active', 'set.you': 'you', 'set.status': 'Status',
    'set.active': 'Active', 'set.disabled': 'Disabled', 'set.disable': 'Disable', 'set.enable': 'Enable',
    'set.pw.set': 'Password…', 'set.pw.for': 'New password for {n}', 'set.pw.done': 'Password changed',
    'set.pw.own': 'Your new password', 'set.pw.current': 'Current password',
    'set.user.new': 'New user', 'set.user.add': 'Add',
    'set.user.hint': 'A password is generated and shown once: hand it to the employee.',
    'set.user.pw': 'Password for {n} ({e})', 'set.once': 'Shown once: after closing it cannot be seen again.',
    'set.copy': 'Copy', 'set.copied': 'Copied', 'set.hide': 'Hide',
    'set.f.name': 'Name', 'set.f.email': 'Email', 'set.f.role': 'Role', 'set.f.team': 'Team', 'set.f.password': 'Password',
    'set.f.current_password': 'Current password',
    'set.f.max_days': 'Max days in stage', 'set.f.position': 'Position', 'set.f.date': 'Date', 'set.f.kind': 'Day kind',
    'set.f.hname': 'Name', 'set.f.orgname': 'Company name', 'set.f.tz': 'Time zone', 'set.f.currency': 'Currency',
    'set.f.stale_days': 'A deal is stale after, days', 'set.f.open_deal_limit': 'Open deals per manager limit',
    'set.f.required_deal_fields': 'Required deal fields', 'set.f.settings': 'Settings',
    'set.f.tname': 'Token name', 'set.f.tuser': 'Acts as', 'set.f.user_id': 'Acts as', 'set.f.year': 'Year',
    'set.req.amount': 'Amount', 'set.req.client': 'Client', 'set.req.stage': 'Stage', 'set.req.channel': 'Channel', 'set.req.source': 'Source',
    'set.nolimit': 'no limit', 'set.badmax': 'a whole number of days from 1, or empty', 'set.badint': 'a whole number from 1',
    'set.stages.n': '{n} stages', 'set.order': 'Order', 'set.up': 'Up', 'set.down': 'Down',
    'set.stage.new': 'New stage', 'set.stage.add': 'Add stage', 'set.nopipelines': 'No pipelines yet: import them.',
    'set.calendar': 'Working calendar', 'set.year': 'Year', 'set.prevyear': 'Previous year', 'set.nextyear': 'Next year',
    'set.cal.hint': 'Mark holidays (a weekday off) and moved working days (a Saturday worked). Plans are spread over working days.',
    'set.kind.holiday': 'Holiday', 'set.kind.workday': 'Working day', 'set.hname.ph': 'New Year, moved day…',
    'set.holiday.add': 'Mark the day', 'set.remove': 'Remove', 'set.cal.empty': 'No marks in {y}: Saturdays and Sundays are off.',
    'set.org': 'Company', 'set.hygiene': 'CRM hygiene', 'set.tz.hint': 'An IANA name, e.g. Europe/Moscow',
    'set.stale.hint': 'A deal untouched longer than this is stale', 'set.limit.hint': 'More makes a manager "overloaded"; empty: no limit',
    'set.tokens': 'Tokens', 'set.token.new': 'New API token', 'set.token.add': 'Create token',
    'set.token.hint': 'A token lets an integration use the API with the chosen user\'s rights: header Authorization: Bearer <token>.',
    'set.token.secret': 'Secret of token "{n}"', 'set.token.once': 'Shown once: save it now.',
    'set.tname.ph': 'e.g. ERP or telephony', 'set.created': 'Created', 'set.used': 'Last used', 'set.never': 'never',
    'set.revoked': 'Revoked', 'set.revoke': 'Revoke', 'set.revoke.sure': 'Revoke the token?', 'set.revoke.yes': 'Yes, revoke',
    'set.notokens': 'No tokens yet',
    'plans.days': 'Plan by day and week', 'plans.by.day': 'By day', 'plans.by.week': 'By week', 'plans.total': 'Total',
    'plans.wd': 'working days: {n}', 'plans.nodays': 'No plans of this metric for the month', 'plans.chart': 'Department plan by period',
    'plans.rev': 'Reverse funnel', 'plans.rev.hint': 'How many deals, meetings and leads a revenue target needs, from the manager\'s last 3 months ({f} — {t}).',
    'plans.rev.revenue': 'Revenue target', 'plans.rev.calc': 'Calculate', 'plans.rev.avg': 'Average check',
    'plans.rev.conv_lm': 'Lead → meeting', 'plans.rev.conv_mw': 'Meeting → deal', 'plans.rev.won': 'Deals to win',
    'plans.rev.meetings': 'Meetings to hold', 'plans.rev.leads': 'Leads to get', 'plans.rev.perday': '{n} per working day',
    'plans.rev.nohist': 'no history', 'plans.rev.history': 'History: {l} leads, {m} meetings, {w} won for {r}',
    'plans.rev.wd': 'working days in the month: {n}', 'field.revenue': 'Revenue', 'field.user': 'Manager', 'field.by': 'Split',
    'funnel.f.team': 'Team', 'funnel.f.channel': 'Channel', 'funnel.f.region': 'Region', 'funnel.f.source': 'Source',
    'funnel.f.all': 'all', 'funnel.f.reset': 'Reset filters', 'funnel.f.none': '(not set)', 'funnel.f.empty': 'no deal with these filters was created in this period, change the filters or the month',
    'funnel.empty': 'no deal was created in this period, choose another month',
    'notfound': 'Page not found', dept: 'Sales department',
  },
};

const KEY = 'voronka.lang';
let lang = 'ru';
try {
  const saved = localStorage.getItem(KEY);
  if (saved && DICT[saved]) lang = saved;
} catch { /* storage may be off */ }
const subs = new Set();

export function getLang() { return lang; }
export function locale() { return lang === 'en' ? 'en-GB' : 'ru-RU'; }
export function setLang(l) {
  if (!DICT[l] || l === lang) return;
  lang = l;
  try { localStorage.setItem(KEY, l); } catch { /* ignore */ }
  document.documentElement.lang = l;
  subs.forEach((fn) => fn(l));
}
export function onLang(fn) { subs.add(fn); return () => subs.delete(fn); }

/* t('pf.wd', {e: 3, t: 20}): the text of key in the current language. */
export function t(key, vars) {
  let s = DICT[lang][key] ?? DICT.ru[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

const cache = new Map();
function nf(opts) {
  const k = lang + JSON.stringify(opts);
  if (!cache.has(k)) cache.set(k, new Intl.NumberFormat(locale(), opts));
  return cache.get(k);
}

export const DASH = '—';
const none = (v) => v === null || v === undefined || Number.isNaN(v);

/* A count or a fractional figure: up to `digits` decimals. */
export function num(v, digits = 0) {
  if (none(v)) return DASH;
  return nf({ maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

let currency = 'RUB';
export function setCurrency(c) { if (c) currency = c; }

/* Money in minor units -> "12 345,67 ₽"; whole=true drops the kopecks. */
export function money(minor, whole = false) {
  if (none(minor)) return DASH;
  const d = whole ? 0 : 2;
  return nf({ style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d })
    .format(minor / 100);
}

/* A fraction -> "63,6 %". */
export function pct(v, digits = 1) {
  if (none(v)) return DASH;
  return nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(v);
}

function parseDate(s) {
  if (s instanceof Date) return s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T12:00:00`);
  return new Date(s.replace(' ', 'T'));
}

/* "2026-11-20" -> "20.11.2026" / "20/11/2026"; opts to Intl.DateTimeFormat. */
export function date(s, opts) {
  if (!s) return DASH;
  const d = parseDate(s);
  if (Number.isNaN(d.getTime())) return String(s);
  return new Intl.DateTimeFormat(locale(), opts || { day: '2-digit', month: '2-digit', year: 'numeric' })
    .format(d);
}
/* The last local date an exclusive as_of instant covers ("…T00:00:00+03:00"
   covers the day before). */
export function asOfDate(asOf) {
  if (!asOf) return DASH;
  const m = /^(\d{4}-\d{2}-\d{2})T00:00:00/.exec(asOf);
  if (!m) return date(asOf.slice(0, 10));
  const d = new Date(`${m[1]}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return date(d.toISOString().slice(0, 10));
}
export const shortDate = (s) => date(s, { day: 'numeric', month: 'short', weekday: 'short' });
export const monthName = (s) => date(s, { month: 'long', year: 'numeric' });
export const dateTime = (s) =>
  date(s, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/* The metric keys that are money, and the one formatter for any metric. */
export const MONEY = new Set(['revenue', 'payments', 'avg_check']);
export function metricValue(key, v) {
  if (MONEY.has(key)) return money(v, true);
  if (key === 'conversion') return pct(v);
  if (key === 'call_minutes') return num(v, 0);
  return num(v, 2);
}
