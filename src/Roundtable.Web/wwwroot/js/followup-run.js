// Live state of a mail-out: polls the run's JSON (the run and both mailings read in one snapshot), updates the state,
// the headline and both mailings' counts from that one answer, and reloads when a step completes. The state says
// "done" only once both mailings are finished.
(() => {
  const run = document.getElementById("run");
  if (!run || run.dataset.live !== "true") return;
  const set = (root, name, value) => root.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = String(value); });

  // Returns true when the page must be reloaded (a mailing appeared that the page does not show yet).
  function paint(key, m) {
    const box = document.querySelector(`[data-mailing="${key}"]`);
    if (!box || !m) return false;
    if (box.dataset.pending === "true") return true;
    ["total", "sent", "failed", "retrying", "skipped", "done", "state"].forEach((k) => set(box, k.charAt(0).toUpperCase() + k.slice(1), m[k]));
    set(box, "Remaining", m.queued + m.sending + m.retrying);
    set(box, "Rate", Number(m.rate).toFixed(1));
    const badge = box.querySelector('[data-field="State"]');
    if (badge) badge.className = `badge mailing-${m.state.replaceAll(" ", "-")}`;
    const bar = box.querySelector('[data-field="bar"]');
    if (bar) { bar.max = Math.max(1, m.total); bar.value = m.done; }
    const list = box.querySelector('[data-field="failures"]');
    if (list) {
      list.replaceChildren(...m.failures.map((f) => {
        const li = document.createElement("li");
        const count = document.createElement("strong");
        count.textContent = String(f.count);
        const reason = document.createElement("span");
        reason.className = "smtp-reply";
        reason.textContent = f.reason;
        li.append(count, " × ", reason);
        return li;
      }));
    }
    return false;
  }

  async function poll() {
    try {
      const response = await fetch(run.dataset.runUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return later(5000);
      const p = await response.json();
      if (String(p.steps) !== run.dataset.steps || p.status !== run.dataset.status) return window.location.reload();
      set(run, "headline", p.headline);
      set(run, "state", p.state);
      const badge = run.querySelector('[data-field="state"]');
      if (badge) badge.className = `badge run-${p.state}`;
      if (paint("report", p.report) || paint("invitations", p.invitations)) return window.location.reload();
      if (p.status === "running" || p.status === "scheduled" || !p.mailingsFinished) later(1000);
    } catch {
      later(5000);
    }
  }
  function later(ms) { window.setTimeout(poll, ms); }
  later(1000);
})();
