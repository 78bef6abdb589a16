// Live progress of a mailing: polls the JSON endpoint and updates the counts, the bar and the rate.
(() => {
  const card = document.querySelector("[data-progress-url]");
  if (!card) return;
  const url = card.dataset.progressUrl;
  let last = null;
  const set = (name, value) => card.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = String(value); });
  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return schedule(5000);
      const p = await response.json();
      ["total", "queued", "sending", "sent", "retrying", "failed", "cancelled", "skipped", "done", "state"].forEach((k) =>
        set(k.charAt(0).toUpperCase() + k.slice(1), p[k]));
      set("Rate", Number(p.rate).toFixed(1));
      const bar = card.querySelector('[data-field="bar"]');
      if (bar) { bar.max = Math.max(1, p.total); bar.value = p.done; }
      const key = `${p.sent}/${p.failed}/${p.retrying}/${p.cancelled}`;
      if (last !== null && key !== last) card.querySelector('[data-field="reload"]')?.removeAttribute("hidden");
      last = key;
      if (p.finished) card.querySelector('[data-field="cancel"]')?.setAttribute("hidden", "");
      if (!p.finished) schedule(p.retrying > 0 && p.queued + p.sending === 0 ? 5000 : 1000);
    } catch {
      schedule(5000);
    }
  }
  function schedule(ms) { window.setTimeout(poll, ms); }
  poll();
})();
