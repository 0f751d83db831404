// i18n.js - the words of the app in Russian (the default) and English, and
// the formatters of numbers, money and dates for the chosen language. The
// choice is kept in localStorage; changing it re-renders the app.

// One row a key: [Russian, English], in the order of LANGS.
const LANGS = ['ru', 'en'];
const WORDS = {
  'app': ['Воронка', 'Voronka'],
  'lang.switch': ['English', 'Русский'],
  'loading': ['Загрузка…', 'Loading…'],
  'empty': ['Нет данных', 'No data'],
  'retry': ['Повторить', 'Retry'],
  'error': ['Ошибка', 'Error'],
  'error.field': ['Поле', 'Field'],
  'signout': ['Выйти', 'Sign out'],
  'error.storage_full': ['На диске сервера кончилось место: изменение не сохранено. Освободите место на сервере и повторите.', 'The server\'s disk is full: the change was not saved. Free disk space on the server, then try again.'],
  'login.title': ['Вход в систему', 'Sign in'],
  'login.email': ['Эл. почта', 'Email'],
  'login.password': ['Пароль', 'Password'],
  'login.submit': ['Войти', 'Sign in'],
  'login.busy': ['Вход…', 'Signing in…'],
  'login.bad': ['Неверная почта или пароль', 'Wrong email or password'],
  'login.throttled': ['Слишком много попыток, подождите минуту', 'Too many attempts, wait a minute'],
  'login.required': ['Заполните поле', 'Fill in this field'],
  'nav.menu': ['Меню', 'Menu'],
  'nav.myday': ['Мой день', 'My day'],
  'nav.planfact': ['План-факт', 'Plan vs fact'],
  'nav.daily': ['Планёрка', 'Daily meeting'],
  // issue 11: meetings and promises (screens/meetings.js)
  'nav.meetings': ['Планёрки', 'Meetings'],
  'nav.meeting': ['Планёрка', 'Meeting'],
  'nav.promises': ['Обещания', 'Promises'],
  'mt.promises.all': ['Все', 'All'],
  'mt.promises.everyone': ['Все менеджеры', 'All managers'],
  'mt.due': ['Срок', 'Due'],
  'mt.kind': ['Вид', 'Kind'],
  'mt.kind.daily': ['Планёрка', 'Daily meeting'],
  'mt.kind.weekly': ['Еженедельное собрание', 'Weekly meeting'],
  'mt.kind.monthly': ['Ежемесячное собрание', 'Monthly meeting'],
  'mt.kind.one_to_one': ['Встреча один на один', 'One-to-one'],
  'mt.when': ['Дата и время', 'Date and time'],
  'mt.status': ['Состояние', 'Status'],
  'mt.status.planned': ['Запланирована', 'Planned'],
  'mt.status.running': ['Идёт', 'Running'],
  'mt.status.closed': ['Закрыта', 'Closed'],
  'mt.create': ['Запланировать', 'Plan it'],
  'mt.start': ['Начать', 'Start'],
  'mt.close': ['Закрыть', 'Close'],
  'mt.limit': ['Лимит {n} мин', 'Limit {n} min'],
  'mt.min': ['мин', 'min'],
  'mt.text': ['Текст для мессенджера', 'Text for a messenger'],
  'mt.help': ['Клавиши', 'Shortcuts'],
  'mt.report': ['Отчёт на момент начала', 'The report at the start'],
  'mt.report.none': ['Отчёт закрепится, когда планёрка начнётся', 'The report is fixed when the meeting starts'],
  'mt.protocol': ['Протокол', 'Protocol'],
  'mt.attendance': ['Участники', 'Participants'],
  'mt.mark.present': ['Пришёл', 'Present'],
  'mt.mark.late': ['Опоздал', 'Late'],
  'mt.mark.absent': ['Нет', 'Absent'],
  'mt.agenda': ['Повестка', 'Agenda'],
  'mt.decisions': ['Решения', 'Decisions'],
  'mt.decision.new': ['Новое решение', 'New decision'],
  'mt.add': ['Добавить', 'Add'],
  'mt.remove': ['Убрать', 'Remove'],
  'mt.promises.due': ['Обещания к этой планёрке', 'Promises due at this meeting'],
  'mt.promises.given': ['Обещания на планёрке', 'Promises made at this meeting'],
  'mt.promises.none': ['Обещаний нет', 'No promises'],
  'mt.promises.mine': ['Мои обещания', 'My promises'],
  'mt.promise.open': ['Открыто', 'Open'],
  'mt.promise.kept': ['Выполнено', 'Kept'],
  'mt.promise.broken': ['Не выполнено', 'Broken'],
  'mt.promise.add': ['Записать', 'Record'],
  'mt.who': ['Кто', 'Who'],
  'mt.what': ['Что', 'What'],
  'mt.until': ['до', 'by'],
  'mt.target': ['Цель', 'Target'],
  'mt.no_metric': ['Без показателя', 'No metric'],
  'mt.key.n': ['N — новое обещание', 'N — new promise'],
  'mt.key.d': ['D — решение', 'D — decision'],
  'mt.key.next': ['] и [ — следующий и предыдущий пункт повестки', '] and [ — next and previous agenda item'],
  'mt.key.save': ['Ctrl+Enter — сохранить', 'Ctrl+Enter — save'],
  'mt.key.s': ['S — начать', 'S — start'],
  'mt.key.c': ['C — закрыть', 'C — close'],
  'mt.key.q': ['? — эта подсказка', '? — this help'],

  'nav.funnel': ['Воронка', 'Funnel'],
  'nav.hygiene': ['Гигиена CRM', 'CRM hygiene'],
  'nav.board': ['Сделки', 'Deals'],
  'nav.plans': ['Планы', 'Plans'],
  'nav.losses': ['Причины проигрышей', 'Loss reasons'],
  'nav.deal': ['Сделка', 'Deal'],
  'nav.settings': ['Настройки', 'Settings'],
  'role.admin': ['Администратор', 'Administrator'],
  'role.head': ['Руководитель отдела', 'Head of sales'],
  'role.manager': ['Менеджер', 'Manager'],
  'role.viewer': ['Наблюдатель', 'Viewer'],
  'period': ['Период', 'Period'],
  'as_of': ['На дату', 'As of'],
  'show': ['Показать', 'Show'],
  'department': ['Отдел', 'Department'],
  'manager': ['Менеджер', 'Manager'],
  'metric': ['Показатель', 'Metric'],
  'plan': ['План', 'Plan'],
  'fact': ['Факт', 'Fact'],
  'pct': ['%', '%'],
  'forecast': ['Прогноз', 'Forecast'],
  'gap': ['Разрыв', 'Gap'],
  'per_day': ['Нужно в день', 'Needed per day'],
  'pf.title': ['План-факт', 'Plan vs fact'],
  'pf.wd': ['Рабочих дней: {e} из {t}', 'Working days: {e} of {t}'],
  'pf.chart': ['Выручка отдела нарастающим итогом', 'Department revenue, cumulative'],
  'pf.chart.fact': ['Факт', 'Fact'],
  'pf.chart.plan': ['План', 'Plan'],
  'pf.metric': ['Показатель', 'Metric'],
  'pf.pace.good': ['в темпе', 'on pace'],
  'pf.pace.warn': ['чуть отстаёт', 'slightly behind'],
  'pf.pace.bad': ['отстаёт', 'behind'],
  'pf.byuser': ['По менеджерам', 'By manager'],
  'm.leads': ['Обращения', 'Leads'],
  'm.calls': ['Звонки', 'Calls'],
  'm.call_minutes': ['Минуты звонков', 'Call minutes'],
  'm.meetings': ['Встречи', 'Meetings'],
  'm.deals_won': ['Выигранные сделки', 'Deals won'],
  'm.revenue': ['Выручка', 'Revenue'],
  'm.payments': ['Поступления', 'Payments'],
  'm.avg_check': ['Средний чек', 'Average check'],
  'm.conversion': ['Конверсия', 'Conversion'],
  'm.tasks_done': ['Задачи выполнены', 'Tasks done'],
  'm.tasks_done_on_time': ['Задачи в срок', 'Tasks on time'],
  'm.tasks_overdue': ['Просроченные задачи', 'Overdue tasks'],
  'daily.title': ['Планёрка', 'Daily meeting'],
  'daily.tab.daily': ['Ежедневная', 'Daily'],
  'daily.tab.weekly': ['Неделя', 'Week'],
  'daily.tab.monthly': ['Месяц', 'Month'],
  'daily.date': ['День планёрки', 'Meeting day'],
  'daily.print': ['Печать', 'Print'],
  'daily.review': ['Итоги {d}', 'Results of {d}'],
  'daily.review.range': ['Итоги {f} — {t}', 'Results {f} — {t}'],
  'daily.today': ['План сегодня', 'Today\'s plan'],
  'daily.month': ['Месяц', 'Month'],
  'daily.plan_to_date': ['План к дате', 'Plan to date'],
  'daily.mtd': ['Факт мес.', 'Month fact'],
  'daily.mtd_pct': ['% мес.', 'Month %'],
  'daily.overdue': ['Просрочено задач', 'Overdue tasks'],
  'daily.hygiene': ['Гигиена', 'Hygiene'],
  'daily.behind': ['Отстают от темпа', 'Behind pace'],
  'daily.shortfall': ['Недобор', 'Shortfall'],
  'daily.nobody': ['Все идут в темпе', 'Everyone is on pace'],
  'daily.prev': ['Пред. период', 'Previous'],
  'daily.change': ['Изм.', 'Change'],
  'daily.nonworking': ['сегодня нерабочий день', 'today is not a working day'],
  'daily.wd': ['рабочих дней: {e} из {t}', 'working days: {e} of {t}'],
  'funnel.title': ['Воронка продаж', 'Sales funnel'],
  'funnel.by': ['Разрез', 'Split by'],
  'funnel.by.none': ['Весь отдел', 'Whole department'],
  'funnel.by.user': ['Менеджеры', 'Managers'],
  'funnel.by.team': ['Команды', 'Teams'],
  'funnel.by.channel': ['Каналы', 'Channels'],
  'funnel.by.region': ['Регионы', 'Regions'],
  'funnel.by.source': ['Источники', 'Sources'],
  'funnel.stage': ['Этап', 'Stage'],
  'funnel.reached': ['Дошли', 'Reached'],
  'funnel.conv': ['Конв. дальше', 'Conv. next'],
  'funnel.lost': ['Проиграны', 'Lost'],
  'funnel.open': ['Открыты', 'Open'],
  'funnel.time': ['Дней на этапе', 'Days in stage'],
  'funnel.size': ['Сделок', 'Deals'],
  'funnel.won': ['Выиграно', 'Won'],
  'funnel.winrate': ['Доля выигранных', 'Win rate'],
  'funnel.avg': ['Средняя сделка', 'Average deal'],
  'funnel.cycle': ['Цикл, дн.', 'Cycle, days'],
  'funnel.bottleneck': ['Узкое место', 'Bottleneck'],
  'funnel.cost': ['стоит', 'costs'],
  'funnel.cohort': ['Когорта сделок, созданных {f} — {t}', 'Cohort of deals created {f} — {t}'],
  'funnel.all': ['Все', 'All'],
  'funnel.nobottleneck': ['нет', 'none'],
  'funnel.overall': ['Итоговая конверсия', 'Overall conversion'],
  'losses.period': ['Сделки, проигранные {f} — {t}', 'Deals lost {f} — {t}'],
  'losses.total': ['Проиграно сделок: {n} на {sum}; сумма указана у {k}.', 'Deals lost: {n}, worth {sum}; {k} with an amount.'],
  'losses.reason': ['Причина', 'Reason'],
  'losses.noreason': ['Не указана', 'Not given'],
  'losses.count': ['Сделок', 'Deals'],
  'losses.share': ['Доля', 'Share'],
  'losses.amount': ['Сумма', 'Amount'],
  'losses.amountshare': ['Доля суммы', 'Share of amount'],
  'losses.top': ['Главная причина', 'Main reason'],
  'losses.byuser': ['По менеджерам', 'By manager'],
  'losses.bystage': ['По этапам, на которых проиграны', 'By the stage lost at'],
  'losses.user': ['Менеджер', 'Manager'],
  'losses.stage': ['Этап', 'Stage'],
  'losses.nostage': ['Без этапа', 'No stage'],
  'set.tab.mail': ['Почта', 'E-mail'],
  'set.mail': ['Напоминания на почту', 'E-mail reminders'],
  'set.mail.hint': ['Уведомления (задача через 15 минут, просроченная задача, переданная сделка) приходят сотрудникам ещё и письмом через почтовый сервер компании.', 'Notifications (a task due in 15 minutes, an overdue task, a deal given to you) also reach the staff by e-mail through the company\'s mail server.'],
  'set.mail.enabled': ['Отправлять напоминания на почту', 'Send reminders by e-mail'],
  'set.mail.starttls': ['Требовать шифрование соединения', 'Require an encrypted connection (STARTTLS)'],
  'set.mail.pwset': ['пароль задан; введите новый, чтобы сменить', 'a password is set; type a new one to change it'],
  'set.mail.test': ['Отправить проверочное письмо', 'Send a test letter'],
  'set.mail.sent': ['Письмо отправлено на {email}', 'The letter went to {email}'],
  'set.f.url': ['Адрес почтового сервера', 'SMTP server'],
  'set.f.from': ['Адрес отправителя', 'Sender address'],
  'set.f.from_name': ['Имя отправителя', 'Sender name'],
  'set.f.username': ['Логин', 'Login'],
  'set.f.password': ['Пароль', 'Password'],
  'set.f.smtp': ['Почтовый сервер', 'Mail server'],
  'export.xlsx': ['Скачать XLSX', 'Download XLSX'],
  'export.csv': ['Скачать CSV', 'Download CSV'],
  'hyg.title': ['Гигиена CRM', 'CRM hygiene'],
  'hyg.score': ['Оценка', 'Score'],
  'hyg.open': ['Открытых сделок', 'Open deals'],
  'hyg.overdue': ['Просроч. задачи', 'Overdue tasks'],
  'hyg.no_next': ['Без след. задачи', 'No next task'],
  'hyg.stale': ['Заброшены', 'Stale'],
  'hyg.stuck': ['Зависли', 'Stuck'],
  'hyg.incomplete': ['Не заполнены', 'Incomplete'],
  'hyg.overloaded': ['Перегружен', 'Overloaded'],
  'hyg.fix': ['Что исправить', 'To fix'],
  'hyg.deals': ['Сделки', 'Deals'],
  'hyg.tasks': ['Просроченные задачи', 'Overdue tasks'],
  'hyg.deal': ['Сделка', 'Deal'],
  'hyg.client': ['Клиент', 'Client'],
  'hyg.owner': ['Ответственный', 'Owner'],
  'hyg.reasons': ['Причины', 'Reasons'],
  'hyg.task': ['Задача', 'Task'],
  'hyg.due': ['Срок', 'Due'],
  'hyg.days': ['Дней', 'Days'],
  'hyg.f.no_next_task': ['нет следующей задачи', 'no next task'],
  'hyg.f.stale': ['без касаний {d} дн.', 'untouched {d} days'],
  'hyg.f.stuck': ['на этапе «{s}» {d} дн. > {m}', 'in «{s}» {d} days > {m}'],
  'hyg.f.incomplete': ['не заполнено: {x}', 'missing: {x}'],
  'hyg.all': ['Все менеджеры', 'All managers'],
  'hyg.more': ['Показать ещё {n}', 'Show {n} more'],
  'board.title': ['Название сделки', 'Deal title'],
  'board.amount': ['Сумма, ₽', 'Amount'],
  'board.add': ['Добавить', 'Add'],
  'board.quick': ['Сделка', 'Deal'],
  'board.noclient': ['без клиента', 'no client'],
  'board.days': ['Дней на этапе', 'Days in stage'],
  'board.daysin': ['{d} дн. на этапе', '{d} d in stage'],
  'board.moveto': ['Перевести на этап', 'Move to stage'],
  'board.win': ['Выиграна', 'Won'],
  'board.lose': ['Проиграна', 'Lost'],
  'board.team': ['Команда', 'Team'],
  'board.channel': ['Канал', 'Channel'],
  'board.f.stuck': ['зависла {d} дн.', 'stuck {d} d'],
  'board.f.noamount': ['нет суммы', 'no amount'],
  'board.f.noclient': ['нет клиента', 'no client'],
  'board.pipeline': ['Воронка', 'Pipeline'],
  'board.stuckonly': ['только зависшие', 'stuck only'],
  'board.count': ['{n} сделка|{n} сделки|{n} сделок|{n} сделки', '{n} deal|{n} deals'],
  'board.missing': ['без суммы: {n}', 'without an amount: {n}'],
  'board.dropwin': ['Выиграна — отпустите здесь', 'Won: drop here'],
  'board.droplose': ['Проиграна — отпустите здесь', 'Lost: drop here'],
  'form.required': ['заполните поле', 'fill in this field'],
  'form.badamount': ['введите сумму числом', 'enter the amount as a number'],
  'cancel': ['Отмена', 'Cancel'],
  'save': ['Сохранить', 'Save'],
  'field.title': ['Название', 'Title'],
  'field.amount': ['Сумма', 'Amount'],
  'field.reason': ['Причина', 'Reason'],
  'field.stage': ['Этап', 'Stage'],
  'field.duration_s': ['Длительность', 'Duration'],
  'field.outcome': ['Результат', 'Outcome'],
  'field.due_at': ['Срок', 'Due'],
  'field.at': ['Время', 'Time'],
  'field.type': ['Тип', 'Type'],
  'field.paid_at': ['Дата оплаты', 'Paid on'],
  'field.email': ['Эл. почта', 'Email'],
  'field.password': ['Пароль', 'Password'],
  'field.name': ['Имя', 'Name'],
  'field.role': ['Роль', 'Role'],
  'field.id': ['Объект', 'Object'],
  'deal.client': ['Клиент', 'Client'],
  'deal.amount': ['Сумма', 'Amount'],
  'deal.stage': ['Этап', 'Stage'],
  'deal.owner': ['Ответственный', 'Owner'],
  'deal.channel': ['Канал', 'Channel'],
  'deal.source': ['Источник', 'Source'],
  'deal.created': ['Создана', 'Created'],
  'deal.days': ['Дней на этапе', 'Days in stage'],
  'deal.closed': ['Закрыта', 'Closed'],
  'deal.reason': ['Причина проигрыша', 'Loss reason'],
  'deal.history': ['История этапов', 'Stage history'],
  'deal.payments': ['Оплаты', 'Payments'],
  'deal.nopayments': ['Оплат нет', 'No payments'],
  'deal.addpayment': ['Добавить оплату', 'Add payment'],
  'deal.tasks': ['Задачи', 'Tasks'],
  'deal.notasks': ['Задач нет', 'No tasks'],
  'deal.addtask': ['Добавить задачу', 'Add task'],
  'deal.activities': ['Активности', 'Activities'],
  'deal.noacts': ['Активностей нет', 'No activities'],
  'deal.log.call': ['Записать звонок', 'Log a call'],
  'deal.log.meeting': ['Записать встречу', 'Log a meeting'],
  'deal.minutes': ['Длительность, мин', 'Duration, min'],
  'deal.direction': ['Направление', 'Direction'],
  'deal.dir.out': ['Исходящий', 'Outgoing'],
  'deal.dir.in': ['Входящий', 'Incoming'],
  'deal.min': ['мин', 'min'],
  'deal.out.reached': ['Дозвонились', 'Reached'],
  'deal.out.no_answer': ['Нет ответа', 'No answer'],
  'deal.out.callback': ['Перезвонить', 'Call back'],
  'deal.out.interested': ['Интересно', 'Interested'],
  'deal.out.not_interested': ['Не интересно', 'Not interested'],
  'deal.type.call': ['Звонок', 'Call'],
  'deal.type.meeting': ['Встреча', 'Meeting'],
  'deal.type.email': ['Письмо', 'Email'],
  'deal.type.message': ['Сообщение', 'Message'],
  'deal.status.open': ['В работе', 'Open'],
  'deal.status.won': ['Выиграна', 'Won'],
  'deal.status.lost': ['Проиграна', 'Lost'],
  'myday.tasks': ['Задачи на сегодня', 'Tasks for today'],
  'myday.overdue': ['Просрочены', 'Overdue'],
  'myday.today': ['Сегодня', 'Today'],
  'myday.free': ['На сегодня задач больше нет', 'No more tasks today'],
  'myday.plan': ['Мой план на месяц', 'My month plan'],
  'myday.board': ['Рейтинг по выручке', 'Revenue leaderboard'],
  'myday.place': ['Моё место: {p} из {n}', 'My place: {p} of {n}'],
  'myday.noboard': ['Рейтинг отдела показывает руководитель на планёрке.', 'The department ranking is shown by the head of sales.'],
  'plans.dept': ['План отдела', 'Department plan'],
  'plans.none': ['не задан', 'not set'],
  'plans.target': ['Цель', 'Target'],
  'plans.method': ['Способ разбивки', 'Split method'],
  'plans.m.history': ['По истории (3 месяца)', 'By history (3 months)'],
  'plans.m.equal': ['Поровну', 'Equally'],
  'plans.split': ['Разбить на менеджеров', 'Split to managers'],
  'plans.splitdone': ['План разбит на {n} менеджера|План разбит на {n} менеджера|План разбит на {n} менеджеров|План разбит на {n} менеджера', 'Split to {n} manager|Split to {n} managers'],
  'plans.managers': ['Планы менеджеров', 'Managers\' plans'],
  'plans.share': ['Доля', 'Share'],
  'plans.sum': ['Сумма планов', 'Sum of plans'],
  'plans.adjust': ['Изменить план менеджера', 'Adjust a manager\'s plan'],
  'plans.saved': ['Сохранено', 'Saved'],
  'field.target': ['Цель', 'Target'],
  'field.scope': ['Кому', 'Scope'],
  'field.metric': ['Показатель', 'Metric'],
  'field.period': ['Период', 'Period'],
  'field.method': ['Способ', 'Method'],
  'todo.title': ['Раздел в работе', 'Coming soon'],
  'todo.text': ['Этот экран появится, когда будет готов его API.', 'This screen arrives with its API.'],
  'set.tab.users': ['Пользователи и роли', 'Users and roles'],
  'set.tab.pipelines': ['Воронки и этапы', 'Pipelines and stages'],
  'set.tab.calendar': ['Производственный календарь', 'Working calendar'],
  'set.tab.org': ['Компания и гигиена', 'Company and hygiene'],
  'set.tab.tokens': ['API-токены', 'API tokens'],
  'set.tab.teams': ['Команды', 'Teams'],
  'set.teams': ['Команды', 'Teams'],
  'set.team.new': ['Новая команда', 'New team'],
  'set.team.add': ['Создать команду', 'Create team'],
  'set.team.members': ['Сотрудников', 'Members'],
  'set.noteams': ['Команд пока нет: создайте первую ниже.', 'No teams yet: create the first one below.'],
  'set.team.hint': ['Команду назначают пользователю на вкладке «Пользователи и роли». Название команды должно быть уникальным.', 'A team is assigned to a user on the "Users and roles" tab. Team names are unique.'],
  'set.f.tmname': ['Название команды', 'Team name'],
  'set.pipeline.new': ['Новая воронка', 'New pipeline'],
  'set.pipeline.add': ['Создать воронку', 'Create pipeline'],
  'set.f.pname': ['Название воронки', 'Pipeline name'],
  'set.pipeline.hint': ['Этапы новой воронки добавляются в её карточке ниже.', 'Add the new pipeline\'s stages in its card below.'],
  'myday.rev': ['Моя обратная воронка', 'My reverse funnel'],
  'myday.rev.hint': ['Сколько обращений, встреч и сделок мне нужно для цели по выручке — по моей истории за 3 месяца ({f} — {t}).', 'How many leads, meetings and deals my revenue target needs, from my last 3 months ({f} — {t}).'],
  'set.users': ['Пользователи', 'Users'],
  'set.active.n': ['активных', 'active'],
  'set.you': ['это вы', 'you'],
  'set.status': ['Статус', 'Status'],
  'set.active': ['Активен', 'Active'],
  'set.disabled': ['Отключён', 'Disabled'],
  'set.disable': ['Отключить', 'Disable'],
  'set.enable': ['Включить', 'Enable'],
  'set.pw.set': ['Пароль…', 'Password…'],
  'set.pw.for': ['Новый пароль для {n}', 'New password for {n}'],
  'set.pw.done': ['Пароль изменён', 'Password changed'],
  'set.pw.own': ['Ваш новый пароль', 'Your new password'],
  'set.pw.current': ['Текущий пароль', 'Current password'],
  'set.user.new': ['Новый пользователь', 'New user'],
  'set.user.add': ['Добавить', 'Add'],
  'set.user.hint': ['Пароль будет сгенерирован и показан один раз — передайте его сотруднику.', 'A password is generated and shown once: hand it to the employee.'],
  'set.user.pw': ['Пароль для {n} ({e})', 'Password for {n} ({e})'],
  'set.once': ['Пароль показан один раз: после закрытия его не увидеть.', 'Shown once: after closing it cannot be seen again.'],
  'set.copy': ['Копировать', 'Copy'],
  'set.copied': ['Скопировано', 'Copied'],
  'set.hide': ['Скрыть', 'Hide'],
  'set.f.name': ['Имя', 'Name'],
  'set.f.email': ['Эл. почта', 'Email'],
  'set.f.role': ['Роль', 'Role'],
  'set.f.team': ['Команда', 'Team'],
  'set.f.password': ['Пароль', 'Password'],
  'set.f.current_password': ['Текущий пароль', 'Current password'],
  'set.f.max_days': ['Лимит дней на этапе', 'Max days in stage'],
  'set.f.position': ['Позиция', 'Position'],
  'set.f.date': ['Дата', 'Date'],
  'set.f.kind': ['Тип дня', 'Day kind'],
  'set.f.hname': ['Название', 'Name'],
  'set.f.orgname': ['Название компании', 'Company name'],
  'set.f.tz': ['Часовой пояс', 'Time zone'],
  'set.f.currency': ['Валюта', 'Currency'],
  'set.f.stale_days': ['Сделка заброшена через, дней', 'A deal is stale after, days'],
  'set.f.open_deal_limit': ['Лимит открытых сделок на менеджера', 'Open deals per manager limit'],
  'set.f.required_deal_fields': ['Обязательные поля сделки', 'Required deal fields'],
  'set.f.settings': ['Настройки', 'Settings'],
  'set.f.tname': ['Название токена', 'Token name'],
  'set.f.tuser': ['От имени', 'Acts as'],
  'set.f.user_id': ['От имени', 'Acts as'],
  'set.f.year': ['Год', 'Year'],
  'set.req.amount': ['Сумма', 'Amount'],
  'set.req.client': ['Клиент', 'Client'],
  'set.req.stage': ['Этап', 'Stage'],
  'set.req.channel': ['Канал', 'Channel'],
  'set.req.source': ['Источник', 'Source'],
  'set.nolimit': ['без лимита', 'no limit'],
  'set.badmax': ['целое число дней от 1 или пусто', 'a whole number of days from 1, or empty'],
  'set.badint': ['целое число от 1', 'a whole number from 1'],
  'set.stages.n': ['этапов: {n}', '{n} stages'],
  'set.order': ['Порядок', 'Order'],
  'set.up': ['Выше', 'Up'],
  'set.down': ['Ниже', 'Down'],
  'set.stage.new': ['Новый этап', 'New stage'],
  'set.stage.add': ['Добавить этап', 'Add stage'],
  'set.nopipelines': ['Воронок пока нет: загрузите их импортом.', 'No pipelines yet: import them.'],
  'set.calendar': ['Производственный календарь', 'Working calendar'],
  'set.year': ['Год', 'Year'],
  'set.prevyear': ['Предыдущий год', 'Previous year'],
  'set.nextyear': ['Следующий год', 'Next year'],
  'set.cal.load': ['Загрузить производственный календарь {y}', 'Load the production calendar of {y}'],
  'set.cal.load.confirm': ['Заменить все отметки {y} года производственным календарём РФ? Отметки, поставленные вручную, тоже будут заменены.', 'Replace every mark of {y} with the Russian production calendar? Marks set by hand are replaced too.'],
  'set.cal.loaded': ['Загружен календарь {y} по постановлению Правительства: выходных {h}, рабочих суббот {w}', 'Loaded {y} from the government decree: {h} days off, {w} working weekend days'],
  'set.cal.loaded.rule': ['Загружен календарь {y}: постановления ещё нет, переносы по ст. 112 ТК РФ (выходных {h}); обновите календарь, когда постановление выйдет', 'Loaded {y}: no decree yet, the Labour Code art. 112 rule ({h} days off); load it again when the decree is out'],
  'set.cal.hint': ['Отметьте праздники (выходной в будний день) и перенесённые рабочие дни (рабочая суббота). Планы раскладываются по рабочим дням.', 'Mark holidays (a weekday off) and moved working days (a Saturday worked). Plans are spread over working days.'],
  'set.kind.holiday': ['Праздник', 'Holiday'],
  'set.kind.workday': ['Рабочий день', 'Working day'],
  'set.hname.ph': ['Новый год, перенос…', 'New Year, moved day…'],
  'set.holiday.add': ['Отметить день', 'Mark the day'],
  'set.remove': ['Убрать', 'Remove'],
  'set.cal.empty': ['В {y} году отметок нет: выходные — суббота и воскресенье.', 'No marks in {y}: Saturdays and Sundays are off.'],
  'set.org': ['Компания', 'Company'],
  'set.hygiene': ['Гигиена CRM', 'CRM hygiene'],
  'set.tz.hint': ['Имя IANA, например Europe/Moscow', 'An IANA name, e.g. Europe/Moscow'],
  'set.stale.hint': ['Сделка без касаний дольше этого считается заброшенной', 'A deal untouched longer than this is stale'],
  'set.limit.hint': ['Больше — менеджер «перегружен»; пусто — без лимита', 'More makes a manager "overloaded"; empty: no limit'],
  'set.tokens': ['Токены', 'Tokens'],
  'set.token.new': ['Новый API-токен', 'New API token'],
  'set.token.add': ['Создать токен', 'Create token'],
  'set.token.hint': ['Токен даёт интеграции доступ к API с правами выбранного пользователя: заголовок Authorization: Bearer <токен>.', 'A token lets an integration use the API with the chosen user\'s rights: header Authorization: Bearer <token>.'],
  'set.token.secret': ['Секрет токена «{n}»', 'Secret of token "{n}"'],
  'set.token.once': ['Секрет показан один раз: сохраните его сейчас.', 'Shown once: save it now.'],
  'set.tname.ph': ['Например, 1С или телефония', 'e.g. ERP or telephony'],
  'set.created': ['Создан', 'Created'],
  'set.used': ['Использован', 'Last used'],
  'set.never': ['ни разу', 'never'],
  'set.revoked': ['Отозван', 'Revoked'],
  'set.revoke': ['Отозвать', 'Revoke'],
  'set.revoke.sure': ['Отозвать токен?', 'Revoke the token?'],
  'set.revoke.yes': ['Да, отозвать', 'Yes, revoke'],
  'set.notokens': ['Токенов пока нет', 'No tokens yet'],
  'plans.days': ['План по дням и неделям', 'Plan by day and week'],
  'plans.by.day': ['По дням', 'By day'],
  'plans.by.week': ['По неделям', 'By week'],
  'plans.total': ['Итого', 'Total'],
  'plans.wd': ['рабочих дней: {n}', 'working days: {n}'],
  'plans.nodays': ['На этот месяц планов по показателю нет', 'No plans of this metric for the month'],
  'plans.chart': ['План отдела по периодам', 'Department plan by period'],
  'plans.rev': ['Обратная воронка', 'Reverse funnel'],
  'plans.rev.hint': ['Сколько сделок, встреч и обращений нужно для цели по выручке — по истории менеджера за 3 месяца ({f} — {t}).', 'How many deals, meetings and leads a revenue target needs, from the manager\'s last 3 months ({f} — {t}).'],
  'plans.rev.revenue': ['Цель по выручке', 'Revenue target'],
  'plans.rev.calc': ['Рассчитать', 'Calculate'],
  'plans.rev.avg': ['Средний чек', 'Average check'],
  'plans.rev.conv_lm': ['Обращение → встреча', 'Lead → meeting'],
  'plans.rev.conv_mw': ['Встреча → сделка', 'Meeting → deal'],
  'plans.rev.won': ['Выиграть сделок', 'Deals to win'],
  'plans.rev.meetings': ['Провести встреч', 'Meetings to hold'],
  'plans.rev.leads': ['Получить обращений', 'Leads to get'],
  'plans.rev.perday': ['{n} в рабочий день', '{n} per working day'],
  'plans.rev.nohist': ['нет истории', 'no history'],
  'plans.rev.history': ['История: обращений {l}, встреч {m}, выиграно {w} на {r}', 'History: {l} leads, {m} meetings, {w} won for {r}'],
  'plans.rev.wd': ['рабочих дней в месяце: {n}', 'working days in the month: {n}'],
  'field.revenue': ['Выручка', 'Revenue'],
  'field.user': ['Менеджер', 'Manager'],
  'field.by': ['Разбивка', 'Split'],
  'funnel.f.team': ['Команда', 'Team'],
  'funnel.f.channel': ['Канал', 'Channel'],
  'funnel.f.region': ['Регион', 'Region'],
  'funnel.f.source': ['Источник', 'Source'],
  'funnel.f.all': ['все', 'all'],
  'funnel.f.reset': ['Сбросить фильтры', 'Reset filters'],
  'funnel.f.none': ['(не указан)', '(not set)'],
  'funnel.f.empty': ['с такими фильтрами за этот период не создано ни одной сделки, измените фильтры или месяц', 'no deal with these filters was created in this period, change the filters or the month'],
  'funnel.empty': ['за этот период не создано ни одной сделки, выберите другой месяц', 'no deal was created in this period, choose another month'],
  'noaccess': ['Нет доступа', 'No access'],
  'noaccess.text': ['Раздел «{screen}» недоступен для роли «{role}». Если он нужен вам для работы, обратитесь к администратору.', 'The "{screen}" section is not available to the role "{role}". If you need it for your work, ask your administrator.'],
  'notfound': ['Страница не найдена', 'Page not found'],
  'dept': ['Отдел продаж', 'Sales department'],
  // the deal card's editing (issue 10, crm-web)
  'nav.deals': ['Все сделки', 'All deals'],
  'edit': ['Изменить', 'Edit'],
  'delete': ['Удалить', 'Delete'],
  'remove': ['Убрать', 'Remove'],
  'more': ['Показать ещё', 'Show more'],
  'undo': ['Отменить', 'Undo'],
  'form.badnumber': ['введите число', 'enter a number'],
  'field.client_id': ['Клиент', 'Client'],
  'field.contact_id': ['Контактное лицо', 'Contact'],
  'field.product_id': ['Продукт', 'Product'],
  'field.owner_id': ['Ответственный', 'Owner'],
  'field.channel': ['Канал', 'Channel'],
  'field.source': ['Источник', 'Source'],
  'field.pipeline': ['Воронка', 'Pipeline'],
  'field.quantity': ['Количество', 'Quantity'],
  'field.price': ['Цена', 'Price'],
  'field.items': ['Товары', 'Products'],
  'field.reason_id': ['Причина отказа', 'Loss reason'],
  'field.comment': ['Комментарий', 'Comment'],
  'field.text': ['Текст', 'Text'],
  'field.version': ['Версия', 'Version'],
  'field.undo': ['Отмена', 'Undo'],
  'field.status': ['Статус', 'Status'],
  'deal.contact': ['Контактное лицо', 'Contact'],
  'deal.product': ['Продукт', 'Product'],
  'deal.status': ['Статус', 'Status'],
  'deal.products': ['Товары и услуги', 'Products and services'],
  'deal.products.add': ['Добавить позицию', 'Add a line'],
  'deal.products.row': ['строка {n}', 'line {n}'],
  'deal.noproducts': ['Товаров нет', 'No products'],
  'deal.sum': ['Сумма', 'Sum'],
  'deal.total': ['Итого', 'Total'],
  'deal.amount.auto': ['Сумма сделки считается по товарам.', 'The deal amount follows the products.'],
  'deal.amount.manual': ['Сумма сделки задана вручную и не следует за товарами.', 'The deal amount is set by hand and does not follow the products.'],
  'deal.amount.follow': ['Считать по товарам', 'Follow the products'],
  'deal.win': ['Выиграна', 'Won'],
  'deal.lose': ['Проиграна', 'Lost'],
  'deal.reopen': ['Вернуть в работу', 'Reopen'],
  'deal.win.title': ['Отметить сделку выигранной?', 'Mark the deal won?'],
  'deal.lose.title': ['Отметить сделку проигранной?', 'Mark the deal lost?'],
  'deal.revenue': ['Выручка', 'Revenue'],
  'deal.win.counts': ['сумма войдёт в выручку месяца закрытия', 'the amount counts in the closing month\'s revenue'],
  'deal.lose.counts': ['в выручку не войдёт', 'does not count in revenue'],
  'deal.lose.comment': ['Комментарий', 'Comment'],
  'deal.lose.comment.req': ['Комментарий (обязательно для «Другое»)', 'Comment (required for "Other")'],
  'deal.won.notice': ['Сделка выиграна.', 'The deal is won.'],
  'deal.lost.notice': ['Сделка проиграна.', 'The deal is lost.'],
  'deal.conflict': ['Сделку изменил другой пользователь', 'Another user has changed the deal'],
  'deal.conflict.text': ['Ваши изменения не сохранены. Сейчас в сделке:', 'Your changes were not saved. The deal now has:'],
  'deal.conflict.reload': ['Обновить карточку', 'Reload the card'],
  'deal.timeline': ['Лента событий', 'Timeline'],
  'picker.clear': ['Очистить', 'Clear'],
  'picker.create': ['+ Новый клиент «{name}»', '+ New client "{name}"'],
  'note.placeholder': ['Заметка', 'Note'],
  'note.add': ['Добавить заметку', 'Add a note'],
  'note.edited': ['изменена', 'edited'],
  'tl.stage': ['Этап', 'Stage'],
  'tl.activity': ['Активность', 'Activity'],
  'tl.note': ['Заметка', 'Note'],
  'tl.task_created': ['Задача поставлена', 'Task set'],
  'tl.task_done': ['Задача выполнена', 'Task done'],
  'tl.payment': ['Поступление', 'Payment'],
  'tl.deal_created': ['Сделка создана', 'Deal created'],
  'tl.client_created': ['Клиент создан', 'Client created'],
  'tl.won': ['Выиграна', 'Won'],
  'tl.lost': ['Проиграна', 'Lost'],
  'tl.reopened': ['Возвращена в работу', 'Reopened'],
  'tl.changed': ['Изменения', 'Changes'],
  // the CRM's lists (issue 10, crm-web)
  'nav.tasks': ['Задачи', 'Tasks'],
  'nav.clients': ['Клиенты', 'Clients'],
  'list.all': ['все', 'all'],
  'list.empty': ['Ничего не найдено: измените фильтры', 'Nothing found: change the filters'],
  'list.pages': ['Страницы', 'Pages'],
  'list.prev': ['Назад', 'Previous'],
  'list.next': ['Дальше', 'Next'],
  'list.page': ['Страница {n}', 'Page {n}'],
  'list.from': ['С', 'From'],
  'list.to': ['По (не включая)', 'To (excluded)'],
  'list.search': ['Поиск', 'Search'],
  'list.search.deal': ['название сделки', 'deal title'],
  'list.search.task': ['название задачи', 'task title'],
  'list.search.client': ['название клиента', 'client name'],
  // a user's saved filters above a list (issue 10, lists)
  'sf.title': ['Мои фильтры:', 'My filters:'],
  'sf.none': ['пока нет', 'none yet'],
  'sf.save': ['Сохранить фильтр', 'Save filter'],
  'sf.save.ok': ['Сохранить', 'Save'],
  'sf.name': ['Название фильтра', 'Filter name'],
  'sf.default': ['Открывать по умолчанию', 'Open by default'],
  'sf.make_default': ['Открывать по умолчанию', 'Open by default'],
  'sf.undefault': ['Не открывать по умолчанию', 'Do not open by default'],
  'sf.rename': ['Переименовать', 'Rename'],
  'sf.rename.ok': ['Переименовать', 'Rename'],
  'sf.delete': ['Удалить', 'Delete'],
  'task.open': ['Открыта', 'Open'],
  'task.done': ['Выполнена', 'Done'],
  'task.assignee': ['Исполнитель', 'Assignee'],
  'task.type': ['Тип', 'Type'],
  'task.type.call': ['Звонок', 'Call'],
  'task.type.meeting': ['Встреча', 'Meeting'],
  'task.type.email': ['Письмо', 'Email'],
  'task.type.other': ['Другое', 'Other'],
  'task.repeat': ['Повтор', 'Repeat'],
  'task.repeat.none': ['Не повторять', 'Do not repeat'],
  'task.repeat.daily': ['Каждый день', 'Every day'],
  'task.repeat.workdays': ['Каждый рабочий день', 'Every working day'],
  'task.repeat.weekly': ['Каждую неделю', 'Every week'],
  'task.repeat.monthly': ['Каждый месяц', 'Every month'],
  'task.recurs': ['повторяется', 'recurring'],
  'task.moved': ['перенесена {n} раз|перенесена {n} раза|перенесена {n} раз|перенесена {n} раза', 'moved {n} time|moved {n} times'],
  'task.complete': ['Выполнить', 'Complete'],
  'task.complete.comment': ['Выполнить с комментарием', 'Complete with a comment'],
  'task.comment': ['Комментарий', 'Comment'],
  'task.reschedule': ['Перенести', 'Reschedule'],
  'task.newdue': ['Новый срок', 'New due time'],
  'task.reason': ['Причина', 'Reason'],
  'client.name': ['Клиент', 'Client'],
  'client.inn': ['ИНН', 'INN'],
  'client.phone': ['Телефон', 'Phone'],
  'client.segment': ['Сегмент', 'Segment'],
  'client.key': ['ключевой', 'key'],
  // the client card (issue 10, crm-web)
  'nav.client': ['Клиент', 'Client'],
  'client.kpp': ['КПП', 'KPP'],
  'client.address': ['Адрес', 'Address'],
  'client.website': ['Сайт', 'Website'],
  'client.region': ['Регион', 'Region'],
  'client.keyaccount': ['Ключевой клиент', 'Key account'],
  'client.contacts': ['Контактные лица', 'Contacts'],
  'client.nocontacts': ['Контактных лиц нет', 'No contacts'],
  'client.deals': ['Сделки клиента', 'The client\'s deals'],
  'client.nodeals': ['Сделок нет', 'No deals'],
  'client.conflict': ['Клиента изменил другой пользователь', 'Another user has changed the client'],
  'client.merge': ['Объединить с дублем', 'Merge a duplicate'],
  'client.merge.title': ['Объединить дубль с этим клиентом', 'Merge a duplicate into this client'],
  'client.merge.text': ['Найдите дубль: его сделки, оплаты, задачи, контакты и заметки перейдут к этому клиенту, а дубль будет удалён. Карточка этого клиента не меняется.', 'Find the duplicate: its deals, payments, tasks, contacts and notes move to this client and the duplicate is deleted. This client\'s card does not change.'],
  'client.merge.confirm': ['Объединить «{from}» с «{to}»? «{from}» будет удалён, это нельзя отменить.', 'Merge "{from}" into "{to}"? "{from}" will be deleted; this cannot be undone.'],
  'client.merge.yes': ['Объединить', 'Merge'],
  'client.merged': ['Клиент «{name}» объединён с этим: перешла {n} сделка|Клиент «{name}» объединён с этим: перешли {n} сделки|Клиент «{name}» объединён с этим: перешло {n} сделок|Клиент «{name}» объединён с этим: перешло {n} сделки', '"{name}" was merged into this client: {n} deal moved|"{name}" was merged into this client: {n} deals moved'],
  'contact.add': ['Добавить контакт', 'Add a contact'],
  'contact.name': ['Имя', 'Name'],
  'contact.role': ['Роль в сделке', 'Role in the deal'],
  'contact.phones': ['Телефоны (через запятую)', 'Phones (comma-separated)'],
  'contact.emails': ['Эл. почта (через запятую)', 'E-mails (comma-separated)'],
  'contact.telegram': ['Телеграм', 'Telegram'],
  'contact.whatsapp': ['Ватсап', 'WhatsApp'],
  'field.phones': ['Телефоны', 'Phones'],
  'field.emails': ['Эл. почта', 'E-mails'],
  'field.telegram': ['Телеграм', 'Telegram'],
  'field.whatsapp': ['Ватсап', 'WhatsApp'],
  'field.from': ['Дубль', 'Duplicate'],
  'tl.merged': ['объединён дубль «{name}»: {n} сделка|объединён дубль «{name}»: {n} сделки|объединён дубль «{name}»: {n} сделок|объединён дубль «{name}»: {n} сделки', 'merged the duplicate "{name}": {n} deal|merged the duplicate "{name}": {n} deals'],
  'field.inn': ['ИНН', 'INN'],
  'field.kpp': ['КПП', 'KPP'],
  'field.address': ['Адрес', 'Address'],
  'field.phone': ['Телефон', 'Phone'],
  'field.website': ['Сайт', 'Website'],
  'field.segment': ['Сегмент', 'Segment'],
  'field.region': ['Регион', 'Region'],
  'field.key_account': ['Ключевой клиент', 'Key account'],
  'field.contact': ['Контактное лицо', 'Contact'],
  'field.client': ['Клиент', 'Client'],
  'field.product': ['Продукт', 'Product'],
  'field.owner': ['Ответственный', 'Owner'],
  'yes': ['да', 'yes'],
  'no': ['нет', 'no'],
  // the header: global search and notifications (issue 10, crm-web)
  'search.placeholder': ['Поиск: сделка, клиент, телефон, ИНН', 'Search: deal, client, phone, INN'],
  'search.none': ['Ничего не найдено', 'Nothing found'],
  'search.kind.deal': ['Сделки', 'Deals'],
  'search.kind.client': ['Клиенты', 'Clients'],
  'search.kind.contact': ['Контактные лица', 'Contacts'],
  'notify.title': ['Уведомления: {n} непрочитанное|Уведомления: {n} непрочитанных|Уведомления: {n} непрочитанных|Уведомления: {n} непрочитанного', 'Notifications: {n} unread|Notifications: {n} unread'],
  'notify.list': ['Уведомления', 'Notifications'],
  'notify.readall': ['Прочитать все', 'Mark all read'],
  'notify.markread': ['Отметить прочитанным', 'Mark read'],
  'notify.allow': ['Показывать уведомления браузера', 'Show browser notifications'],
  'notify.none': ['Уведомлений нет', 'No notifications'],
  'notify.task_due_soon': ['Скоро срок задачи: {title}', 'A task is due soon: {title}'],
  'notify.task_overdue': ['Задача просрочена: {title}', 'A task is overdue: {title}'],
  'notify.deal_assigned': ['Вам передано: {title}', 'Assigned to you: {title}'],
  'notify.promise_due': ['Срок обещания: {title}', 'A promise is due: {title}'],
};

const KEY = 'voronka.lang';
let lang = 'ru';
try {
  const saved = localStorage.getItem(KEY);
  if (saved && LANGS.includes(saved)) lang = saved;
} catch { /* storage may be off */ }
const subs = new Set();

export function getLang() { return lang; }
export function locale() { return lang === 'en' ? 'en-GB' : 'ru-RU'; }
export function setLang(l) {
  if (!LANGS.includes(l) || l === lang) return;
  lang = l;
  try { localStorage.setItem(KEY, l); } catch { /* ignore */ }
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  subs.forEach((fn) => fn(l));
}
export function onLang(fn) { subs.add(fn); return () => subs.delete(fn); }

/* The CLDR plural categories in the order a word lists its forms. */
const PLURALS = { ru: ['one', 'few', 'many', 'other'], en: ['one', 'other'] };

/* The form of a word "form|form|..." (PLURALS' order) for the count n. */
function pluralForm(s, n) {
  const forms = s.split('|');
  if (!Number.isFinite(n)) return forms[forms.length - 1];
  const i = PLURALS[lang].indexOf(new Intl.PluralRules(locale()).select(n));
  return forms[i >= 0 && i < forms.length ? i : forms.length - 1];
}

/* The count a {n} stands for: a number, or a number already formatted. */
function countOf(v) {
  return typeof v === 'number' ? v : Number(String(v).replace(/[\s\u00a0]/g, '').replace(',', '.'));
}

/* t('pf.wd', {e: 3, t: 20}): the text of key in the current language. A
 * word with plural forms ("менеджера|менеджера|менеджеров|менеджера") takes
 * the form of vars.n. */
export function t(key, vars) {
  const row = WORDS[key];
  let s = (row && (row[LANGS.indexOf(lang)] ?? row[0])) ?? key;
  if (s.includes('|') && vars && vars.n !== undefined) s = pluralForm(s, countOf(vars.n));
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

/* v, or 0 when it rounds to zero at `digits` decimals: never "-0". */
function unsignedZero(v, digits) {
  return Math.round(Math.abs(v) * 10 ** digits) === 0 ? 0 : v;
}

/* A count or a fractional figure: up to `digits` decimals. */
export function num(v, digits = 0) {
  if (none(v)) return DASH;
  v = unsignedZero(v, digits);
  return nf({ maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

/* The org's currency and its minor-unit digits (ISO 4217: 2 for RUB, 0
 * for JPY, 3 for KWD), as the server says; Intl's own table when it does
 * not. Money travels as integer minor units. */
let currency = 'RUB';
let digits = 2;
function intlDigits(c) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits;
  } catch { return 2; }
}
export function setCurrency(c, d) {
  if (!c) return;
  currency = c;
  digits = Number.isInteger(d) && d >= 0 && d <= 6 ? d : intlDigits(c);
}
export function moneyDigits() { return digits; }

/* Minor units -> the amount in major units (12345 -> 123.45 for RUB). */
export function fromMinor(minor) { return minor / 10 ** digits; }

/* "1 500 000,50" or "1500000.5 ₽" -> minor units (150000050 for RUB);
 * NaN for anything else, a negative amount or more decimals than the
 * currency has. */
export function parseMoney(text) {
  const s = String(text).replace(/[\s\u00a0₽$€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d*)?$/.test(s)) return NaN;
  const frac = s.includes('.') ? s.split('.')[1] : '';
  if (frac.length > digits) return NaN;
  return Math.round(Number(s) * 10 ** digits);
}

/* Money in minor units -> "12 345,67 ₽"; whole=true drops the kopecks. */
export function money(minor, whole = false) {
  if (none(minor)) return DASH;
  const d = whole ? 0 : digits;
  return nf({ style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d })
    .format(unsignedZero(fromMinor(minor), d));
}

/* A fraction -> "63,6 %". */
export function pct(v, digits = 1) {
  if (none(v)) return DASH;
  return nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(unsignedZero(v, digits + 2));
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
