/*
 * client.ts - a small typed client of the voronka API, written against the
 * types openapi-typescript generates from the server's own document
 * (tests/openapi/client.sh): it signs in, lists the deals, creates one and
 * updates it. tsc type-checks it with --strict (a member the document
 * drops or retypes breaks the build), then node runs it against the
 * server, which checks that the types say what the server answers.
 */
import type { components, paths } from './voronka';

type Deal = components['schemas']['Deal'];
type DealPage = paths['/api/v1/deals']['get']['responses'][200]['content']['application/json'];
type DealQuery = NonNullable<paths['/api/v1/deals']['get']['parameters']['query']>;
type NewDeal = paths['/api/v1/deals']['post']['requestBody']['content']['application/json'];
type DealChange = paths['/api/v1/deals/{id}']['patch']['requestBody']['content']['application/json'];
type Created = paths['/api/v1/deals']['post']['responses'][201]['content']['application/json'];
type ApiError = components['schemas']['Error'];

/* node's own globals (Debian's node comes without @types/node); fetch and
 * URLSearchParams are the DOM library's */
declare const process: { argv: string[]; exit(code: number): never };

class Client {
  private cookie = '';
  private csrf = '';
  constructor(private base: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Cookie: this.cookie,
        'X-CSRF-Token': this.csrf,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) {
      const e = json as ApiError;
      throw new Error(`${method} ${path}: ${res.status} ${e.error.code}: ${e.error.message}`);
    }
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return json as T;
  }

  async signIn(email: string, password: string): Promise<void> {
    const s = await this.call<{ csrf_token: string }>('POST', '/api/v1/session', { email, password });
    this.csrf = s.csrf_token;
  }

  listDeals(q: DealQuery): Promise<DealPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
    return this.call<DealPage>('GET', `/api/v1/deals?${params}`);
  }

  createDeal(d: NewDeal): Promise<Created> {
    return this.call<Created>('POST', '/api/v1/deals', d);
  }

  updateDeal(id: number, change: DealChange): Promise<Deal> {
    return this.call<Deal>('PATCH', `/api/v1/deals/${id}`, change);
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`client: ${what}`);
}

async function main(): Promise<void> {
  const [base, email, password] = process.argv.slice(2);
  const c = new Client(base);
  await c.signIn(email, password);
  const before = await c.listDeals({ limit: 10, status: 'open' });
  const created = await c.createDeal({ title: 'Типизированный клиент', amount: 1250000, pipeline: 'Продажи' });
  check(created.title === 'Типизированный клиент', 'the created deal has its title');
  check(created.amount === 1250000 && created.status === 'open', 'amount and status');
  const updated = await c.updateDeal(created.id, { amount: 1500000, version: created.version });
  check(updated.amount === 1500000 && updated.version > created.version, 'the update');
  const after = await c.listDeals({ limit: 10, status: 'open' });
  check(after.items.some((d: Deal) => d.id === created.id), 'the new deal is in the list');
  check(after.items.length === before.items.length + 1, 'one more open deal');
  console.log(`client: deal ${created.id} created and updated to ${updated.amount}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
