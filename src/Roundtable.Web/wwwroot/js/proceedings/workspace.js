import { send, problemText, newKey, drafts } from "./api.js";
import { Saver } from "./autosave.js";
import { showConflict } from "./conflict.js";
import { attachCard, newCard } from "./statements.js";

const root = document.getElementById("workspace");
if (root && !root.dataset.locked) start(root);

function start(root) {
  const pid = root.dataset.presentation;
  const list = document.getElementById("statements");
  const cards = new Map(); // li -> card
  let refreshTimer = null;

  const ctx = {
    pid,
    api: root.dataset.api,
    renumber: () => number(),
    // The published column (and each card's label) follows every save, a moment later.
    refresh() {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refreshPublished, 600);
    },
    async move(li, step) {
      const sibling = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) return;
      if (step < 0) list.insertBefore(li, sibling); else list.insertBefore(sibling, li);
      number();
      const ids = [...list.querySelectorAll("li.stmt[data-id]")].map((e) => Number(e.dataset.id));
      const res = await send("PUT", `${ctx.api}/statements/order`, { ids }).catch(() => ({ ok: false, data: { detail: "The server cannot be reached." } }));
      if (res.ok) { ctx.refresh(); li.querySelector(".stmt-tools button[data-act]")?.focus(); return; }
      if (step < 0) list.insertBefore(sibling, li); else list.insertBefore(li, sibling);
      number();
      const state = li.querySelector(".save-state");
      state.textContent = res.status === 409 ? "Not moved: the discussion changed meanwhile. Reload to see it." : "Not moved: " + problemText(res.data);
      state.dataset.state = "error";
    },
  };

  async function refreshPublished() {
    try {
      const res = await fetch(root.dataset.url + "/published", { credentials: "same-origin" });
      if (!res.ok) return;
      // Server-rendered, sanitized HTML: labels are encoded, Markdown cleaned by HtmlSanitizer.
      document.getElementById("published").innerHTML = await res.text();
      for (const p of document.querySelectorAll("#published [data-statement-id]")) {
        const li = list.querySelector(`li.stmt[data-id="${p.dataset.statementId}"]`);
        if (li) li.querySelector(".stmt-label").textContent = p.dataset.label;
      }
    } catch { /* the published column catches up on the next save */ }
  }

  function number() {
    const all = [...list.querySelectorAll("li.stmt")];
    all.forEach((li, i) => { li.querySelector(".stmt-number").textContent = String(i + 1); });
    for (const li of all) {
      const same = li.querySelector(".stmt-same");
      const at = li.dataset.sameVoice ? all.findIndex((x) => x.dataset.id === li.dataset.sameVoice) : -1;
      if (same && document.activeElement !== same) same.value = at >= 0 ? String(at + 1) : "";
    }
    document.getElementById("no-statements")?.remove();
  }

  // Summary.
  const summaryBox = document.getElementById("summary");
  const summaryText = document.getElementById("summary-text");
  const summary = new Saver({
    pid, key: "summary", revision: Number(summaryBox.dataset.revision),
    collect: () => ({ text: summaryText.value }),
    stateEl: summaryBox.querySelector(".save-state"),
    post: (payload, revision) => send("PUT", `${ctx.api}/summary`, { text: payload.text, revision }),
    onSaved: () => ctx.refresh(),
    onConflict: (current, mine) => summaryConflict(current, mine.text),
  });
  function summaryConflict(current, mine) {
    showConflict(summaryBox.querySelector(".conflict-slot"), {
      theirs: current.text, by: current.updatedBy, mine,
      onUseTheirs: () => { summaryText.value = current.text; drafts.remove(pid, "summary"); summary.resume(current.revision, { text: current.text }); ctx.refresh(); },
      onSaveMine: (text) => { summaryText.value = text; summary.resume(current.revision); summary.changed(); summary.flush(); },
    });
  }
  summaryText.addEventListener("input", () => summary.changed());
  summaryText.addEventListener("focusout", () => summary.flush());

  // The "Discussion." division: the rapporteur's choice, saved at once.
  const heading = document.getElementById("discussion-heading");
  heading?.addEventListener("change", async () => {
    const res = await send("PUT", `${ctx.api}/discussion-heading`, { printed: heading.checked }).catch(() => null);
    if (res?.ok) ctx.refresh(); else { heading.checked = !heading.checked; window.alert(res ? problemText(res.data) : "The server cannot be reached; try again."); }
  });

  // Statements.
  for (const li of list.querySelectorAll("li.stmt")) cards.set(li, attachCard(li, ctx, newKey()));
  number();

  const template = document.getElementById("statement-template");
  function addCard(clientKey) {
    const li = newCard(template);
    list.append(li);
    const card = attachCard(li, ctx, clientKey);
    cards.set(li, card);
    number();
    return card;
  }
  document.getElementById("add-statement")?.addEventListener("click", () => addCard(newKey()).fields.speaker.focus());

  document.getElementById("deleted")?.addEventListener("click", async (e) => {
    if (!(e.target instanceof HTMLElement) || e.target.dataset.act !== "restore") return;
    const id = e.target.closest("li").dataset.id;
    const res = await send("POST", `${ctx.api}/statements/${id}/restore`).catch(() => null);
    if (res?.ok) location.reload(); else window.alert(res ? problemText(res.data) : "The server cannot be reached; try again.");
  });

  // Drafts this browser kept (closed tab, lost connection): put them back and send them, or show the conflict.
  async function recover() {
    // Only a browser that kept drafts asks the server for the current texts: every other load would read the whole
    // presentation a second time for nothing.
    if (!drafts.all(pid).some(({ value }) => value && value.payload)) return;
    const res = await send("GET", ctx.api).catch(() => null);
    if (!res?.ok) return;
    const server = res.data;
    for (const { key, value } of drafts.all(pid)) {
      if (!value || !value.payload) continue;
      if (key === "summary") {
        if (value.payload.text === server.summary.text) { drafts.remove(pid, key); continue; }
        summaryText.value = value.payload.text;
        if (value.revision === server.summary.revision) { summary.changed(); summary.flush(); }
        else { summary.paused = true; summaryConflict(server.summary, value.payload.text); }
      } else if (key.startsWith("new:")) {
        const card = addCard(key.slice(4));
        await card.fill().catch(() => {});
        card.fields.speaker.value = value.payload.speakerId ?? "";
        card.fields.audience.checked = value.payload.audience;
        card.fields.kind.value = value.payload.kind;
        card.fields.text.value = value.payload.text;
        card.saver.changed();
        card.saver.flush();
      } else if (key.startsWith("s:")) {
        const li = list.querySelector(`li.stmt[data-id="${key.slice(2)}"]`);
        const current = server.statements.map((s) => s.statement).find((s) => String(s.id) === key.slice(2))
          ?? server.deleted.find((s) => String(s.id) === key.slice(2));
        const card = li && cards.get(li);
        if (!card || !current) continue;
        await card.fill().catch(() => {});
        if (value.payload.text === current.text && value.payload.speakerId === current.speakerId
          && value.payload.kind === current.kind && value.payload.audience === current.audience) { drafts.remove(pid, key); continue; }
        card.fields.text.value = value.payload.text;
        card.fields.speaker.value = value.payload.speakerId ?? "";
        card.fields.audience.checked = value.payload.audience;
        card.fields.kind.value = value.payload.kind;
        if (value.revision === current.revision) { card.saver.changed(); card.saver.flush(); }
        else { card.saver.paused = true; card.conflict(current, value.payload); }
      }
    }
  }
  recover().finally(() => { root.dataset.ready = "1"; });
}
