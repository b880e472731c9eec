"""A hostile page flooding the backend through us: compose windows opened and closed by script by the
hundred, each with a long draft and a new guessed recipient. What the extension asks the backend is
counted by a proxy in front of it (etq_faults.py); the page's own requests budget is in
extension/content/watch/page-watcher.js. (A module of its own: its browser talks to the proxy.)"""

from __future__ import annotations

from etq_e2e import browser_fixture
from etq_faults import proxy_fixture
from etq_probes import the_user_is_warned_about_salary

EDITOR = "[g_editable=true][contenteditable=true]"


# Counts what the extension asks the backend (the browser `counted` talks to it).
counting_proxy = proxy_fixture("counting_proxy", backend="backend")

counted = browser_fixture("counted", backend="backend", via="counting_proxy")

# Compose windows opened and closed by script, six at a time every 60 ms for 3 s, each with a long
# draft and a new guessed recipient: without a bound, every one is a check and a tracker lookup.
CHURN = """() => new Promise((done) => {
  const text = 'Thank you for the interview. ' + 'I would like to know more about the role and the team. '.repeat(150);
  const t0 = performance.now(); let n = 0;
  const tick = () => {
    for (const c of document.querySelectorAll('#moles > *')) c.remove();
    if (performance.now() - t0 > 3000) { done(n); return; }
    for (let i = 0; i < 6; i++) {
      const id = openCompose('guess' + (n++) + '@fourth-coffee.com');
      document.querySelector('#' + id + ' [g_editable=true]').textContent = text;
    }
    setTimeout(tick, 60);
  };
  tick();
})"""


def test_a_page_churning_composes_and_recipients_sets_off_a_bounded_number_of_requests(
    counted, counting_proxy
):
    page = counted.open("gmail")
    try:
        page.wait_for_timeout(500)
        before = len(counting_proxy.log)
        opened = page.evaluate(CHURN)
        page.wait_for_timeout(1000)
        asked = [
            e["path"]
            for e in counting_proxy.log[before:]
            if e["path"].startswith(("/api/v1/check", "/api/v1/interviews"))
        ]
        # The budget (content/watch/page-watcher.js): 12 at once, then 5 a second, over these 4 s.
        assert opened > 100 and len(asked) <= 12 + 5 * 4 + 4, (opened, len(asked))
        # The user's own compose is still checked, once the budget has refilled.
        the_user_is_warned_about_salary(page)
    finally:
        page.close()
