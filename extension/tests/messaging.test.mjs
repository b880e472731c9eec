// Unit tests of extension/content/messaging.js (Node's built-in runner: `node --test`): every reply a
// content script sees has the worker's one shape, {ok: true, ...} or {ok: false, reason, error}, even
// when the worker never answers. The file is a classic content script, so it runs in a fresh context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../content/messaging.js', import.meta.url), 'utf8');

/** EtiquetteMessaging loaded with `browserApi` as the content script would see it. */
function load(browserApi) {
  const ctx = { browserApi };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(SOURCE, ctx, { filename: 'content/messaging.js' });
  return ctx.EtiquetteMessaging;
}

const runtime = (sendMessage) => ({ runtime: { id: 'ext', sendMessage } });

test("the worker's reply reaches the caller as it is", async () => {
  const M = load(runtime(async (m) => ({ ok: true, echo: m.type })));
  assert.deepEqual(await M.ask({ type: 'health' }), { ok: true, echo: 'health' });
});

test('no reply at all is an offline failure', async () => {
  const M = load(runtime(async () => undefined));
  const reply = await M.ask({ type: 'health' });
  assert.equal(reply.ok, false);
  assert.equal(reply.reason, 'offline');
  assert.equal(reply.error, 'no reply');
  assert.ok(M.unreachable(reply));
});

test('an extension reloaded under the page is told apart from a checker that is away', async () => {
  const gone = load(
    runtime(async () => {
      throw new Error('Extension context invalidated.');
    }),
  );
  assert.equal((await gone.ask({ type: 'check' })).reason, 'reloaded');
  const away = load(
    runtime(async () => {
      throw new Error('something else');
    }),
  );
  const reply = await away.ask({ type: 'check' });
  assert.equal(reply.reason, 'offline');
  assert.equal(reply.error, 'something else');
  // No runtime (the extension was removed): reloaded, never a throw.
  assert.equal((await load(undefined).ask({ type: 'check' })).reason, 'reloaded');
  assert.equal((await load({ runtime: {} }).ask({ type: 'check' })).reason, 'reloaded');
});

test('ask never throws, even when sending throws at once', async () => {
  const M = load(
    runtime(() => {
      throw new Error('sync');
    }),
  );
  const reply = await M.ask({ type: 'check' });
  assert.deepEqual([reply.ok, reply.reason, reply.error], [false, 'reloaded', 'sync']);
});

test('only offline, config and reloaded mean the checker cannot be reached', () => {
  const M = load(undefined);
  for (const reason of ['offline', 'config', 'reloaded'])
    assert.ok(M.unreachable({ ok: false, reason, error: '' }), reason);
  for (const reason of ['unauthorized', 'not_paired', 'aborted', 'validation', 'refused'])
    assert.ok(!M.unreachable({ ok: false, reason, error: '' }), reason);
  assert.ok(!M.unreachable({ ok: true }));
});
