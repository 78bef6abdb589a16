// Live progress of a mailing: polls one snapshot (the counts and the recipients' rows read together) and updates the
// counts, the bar, the rate and each recipient's row from it, so the totals and the rows never disagree.
(() => {
  const card = document.querySelector("[data-progress-url]");
  if (!card) return;
  const url = card.dataset.progressUrl;
  const set = (name, value) => card.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = String(value); });
  const time = (iso, withDay) => {
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, "0");
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return withDay ? `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${clock}` : clock;
  };
  const utc = (s) => (s && !/[zZ]|[+-]\d\d:\d\d$/.test(s) ? s + "Z" : s);

  function paintRow(r) {
    const row = document.querySelector(`tr[data-outbox-id="${r.id}"]`);
    if (!row) return false;
    const cell = (name) => row.querySelector(`[data-col="${name}"]`);
    const badge = cell("status");
    badge.textContent = r.status;
    badge.className = `badge outbox-${r.status}`;
    row.classList.toggle("row-bad", r.status === "failed");
    cell("next").hidden = r.status !== "retrying";
    if (r.status === "retrying") cell("next-at").textContent = time(utc(r.nextAttemptAt), false);
    cell("sent").hidden = !r.sentAt;
    if (r.sentAt) cell("sent-at").textContent = time(utc(r.sentAt), true);
    cell("attempts").textContent = `${r.attempts}${r.resends > 0 ? ` (resent ${r.resends}×)` : ""}`;
    const reply = cell("reply");
    reply.replaceChildren();
    if (r.lastSmtpCode !== null && r.lastSmtpCode !== undefined) {
      const code = document.createElement("code");
      code.textContent = String(r.lastSmtpCode);
      reply.append(code, " ");
    }
    if (r.lastSmtpText) reply.append(r.lastSmtpText);
    cell("resend").hidden = !["sent", "failed", "cancelled"].includes(r.status);
    return true;
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return schedule(5000);
      const p = await response.json();
      ["total", "queued", "sending", "sent", "retrying", "failed", "cancelled", "skipped", "done", "state"].forEach((k) =>
        set(k.charAt(0).toUpperCase() + k.slice(1), p[k]));
      set("Rate", Number(p.rate).toFixed(1));
      const badge = card.querySelector('[data-field="State"]');
      if (badge) badge.className = `badge mailing-${p.state.replaceAll(" ", "-")}`;
      const bar = card.querySelector('[data-field="bar"]');
      if (bar) { bar.max = Math.max(1, p.total); bar.value = p.done; }
      const unlisted = p.recipients.filter((r) => !paintRow(r)).length;
      const shown = document.querySelectorAll("tr[data-outbox-id]").length;
      if (unlisted > 0 && shown < p.recipients.length) card.querySelector('[data-field="reload"]')?.removeAttribute("hidden");
      card.dataset.snapshot = `${p.sent}/${p.failed}/${p.retrying}/${p.cancelled}`;
      if (p.finished) card.querySelector('[data-field="cancel"]')?.setAttribute("hidden", "");
      if (!p.finished) schedule(p.retrying > 0 && p.queued + p.sending === 0 ? 5000 : 1000);
    } catch {
      schedule(5000);
    }
  }
  function schedule(ms) { window.setTimeout(poll, ms); }
  poll();
})();
