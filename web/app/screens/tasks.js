// tasks.js - a deal's tasks on its card (docs/tasks.md has the API): each
// with its type, due time, how many times it was moved, whether it recurs
// and, once done, its completion comment. An open task is completed by its
// checkbox, or with a comment («Выполнить с комментарием»), or moved to
// another time with a reason («Перенести»). A new task takes a type and a
// repeat rule: POST /api/v1/tasks, then POST /api/v1/tasks/{id}/recurrence
// (weekly on the due date's weekday, monthly on its day of the month).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, dateTime } from '../i18n.js';
import { ErrorBox, MiniForm, nowLocal } from '../ui.js';

export const TASK_TYPES = ['call', 'meeting', 'email', 'other'];
const REPEATS = ['', 'daily', 'workdays', 'weekly', 'monthly'];

/* The recurrence rule of a repeat choice for a task due at local (a
   datetime-local text), or null for none. */
function rule(repeat, local) {
  if (!repeat) return null;
  const d = new Date(`${local.slice(0, 10)}T12:00:00Z`);
  if (repeat === 'weekly') return { rule: 'weekly', weekdays: [d.getUTCDay() || 7] };
  if (repeat === 'monthly') return { rule: 'monthly', month_day: d.getUTCDate() };
  return { rule: repeat };
}

/* Creates a task of deal d from the form's values, then its rule. */
export async function addTask(d, v) {
  const body = { title: v.title.trim(), due_at: v.due_at, deal_id: d.id, type: v.type };
  if (d.client_id) body.client_id = d.client_id;
  const task = await api.post('/api/v1/tasks', body);
  const r = rule(v.repeat, v.due_at);
  if (r) await api.post(`/api/v1/tasks/${task.id}/recurrence`, r);
  return task;
}

/* The new-task form's fields. */
export const taskFields = () => [
  { name: 'title', label: t('field.title'), required: true, wide: true },
  { name: 'type', label: t('task.type'), value: 'call', keep: true, options: TASK_TYPES.map((k) => [k, t(`task.type.${k}`)]) },
  { name: 'due_at', label: t('field.due_at'), type: 'datetime-local', value: nowLocal(), required: true },
  { name: 'repeat', label: t('task.repeat'), value: '', options: REPEATS.map((k) => [k, t(`task.repeat.${k || 'none'}`)]) }];

/* The list: props tasks, rw (the role may change them), onChanged()
   after a change was stored; id (the list's element id, "deal-tasks" by
   default); links (My day: each task names its deal by title and its
   client, both linked); empty (the text when there is none). */
export class TaskList extends Component {
  constructor(p) { super(p); this.state = { open: null, err: null }; }
  async run(f) {
    this.setState({ err: null });
    await f();
    this.setState({ open: null });
    await this.props.onChanged();
  }
  async check(id) {
    // shown done at once; put back when the server refuses
    this.setState({ done: id, err: null });
    try { await api.post(`/api/v1/tasks/${id}/complete`, {}); await this.props.onChanged(); } catch (err) { this.setState({ err }); }
    this.setState({ done: null });
  }
  form(x) {
    const { open } = this.state;
    if (!open || open.id !== x.id) return null;
    if (open.what === 'complete')
      return html`<${MiniForm} id="task-complete" submit=${t('task.complete')} onCancel=${() => this.setState({ open: null })}
        onSubmit=${(v) => this.run(() => api.post(`/api/v1/tasks/${x.id}/complete`, v.comment.trim() ? { comment: v.comment.trim() } : {}))}
        fields=${[{ name: 'comment', label: t('task.comment'), type: 'textarea', wide: true }]} />`;
    return html`<${MiniForm} id="task-reschedule" submit=${t('task.reschedule')} onCancel=${() => this.setState({ open: null })}
      onSubmit=${(v) => this.run(() => api.post(`/api/v1/tasks/${x.id}/reschedule`, v.reason.trim() ? { due_at: v.due_at, reason: v.reason.trim() } : { due_at: v.due_at }))}
      fields=${[{ name: 'due_at', label: t('task.newdue'), type: 'datetime-local', value: nowLocal(), required: true },
        { name: 'reason', label: t('task.reason'), wide: true }]} />`;
  }
  render({ tasks, rw, id = 'deal-tasks', links, empty }, { err, done }) {
    if (!tasks.length) return html`<p class="muted">${empty || t('deal.notasks')}</p>`;
    const act = (x, what) => this.setState({ open: { id: x.id, what }, err: null });
    return html`${err ? html`<${ErrorBox} error=${err} />` : null}<ul class="tasks" id=${id}>${tasks.map((x) => {
      const isDone = x.done || done === x.id;
      return html`<li class=${isDone ? 'done' : ''} data-task=${x.id}>
        <input type="checkbox" id=${`task-${x.id}`} checked=${isDone} disabled=${isDone || !rw} onChange=${() => this.check(x.id)} />
        <label for=${`task-${x.id}`}>${x.title}</label>
        <span class="badge task-type">${t(`task.type.${x.type || 'other'}`)}</span>
        ${x.recurrence_id ? html`<span class="badge task-recurs" title=${t('task.recurs')}>↻ ${t('task.recurs')}</span>` : null}
        ${links ? html`<span class="task-meta">${x.deal_id ? html`<a class="small task-deal" href=${`/deals/${x.deal_id}`}>${x.deal_title || `${t('nav.deal')} #${x.deal_id}`}</a>` : null}
          ${x.client_name ? (x.client_id ? html`<a class="small task-client" href=${`/clients/${x.client_id}`}>${x.client_name}</a>`
            : html`<span class="small muted task-client">${x.client_name}</span>`) : null}</span>` : null}
        <span class=${`muted small task-due ${!x.done && x.due_at && new Date(x.due_at) < new Date() ? 'txt-bad' : ''}`}>${dateTime(x.due_at)}</span>
        ${x.reschedules ? html`<span class="muted small task-moved">${t('task.moved', { n: x.reschedules })}</span>` : null}
        ${x.comment ? html`<div class="muted small note-text task-comment">${x.comment}</div>` : null}
        ${rw && !isDone ? html`<span class="task-actions">
          <button type="button" class="link-btn task-complete-btn" onClick=${() => act(x, 'complete')}>${t('task.complete.comment')}</button>
          <button type="button" class="link-btn task-reschedule-btn" onClick=${() => act(x, 'reschedule')}>${t('task.reschedule')}</button></span>` : null}
        ${this.form(x)}</li>`;
    })}</ul>`;
  }
}
