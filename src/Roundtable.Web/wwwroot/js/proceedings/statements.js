import { send, problemText, newKey, drafts } from "./api.js";
import { Saver } from "./autosave.js";
import { showConflict } from "./conflict.js";

// One statement card in the workspace: its fields autosave; its tools reorder, split, merge, move and delete.
export function attachCard(li, ctx, clientKey) {
  const f = {
    speaker: li.querySelector(".stmt-speaker"),
    audience: li.querySelector(".stmt-audience"),
    kind: li.querySelector(".stmt-kind"),
    same: li.querySelector(".stmt-same"),
    form: li.querySelector(".stmt-form"),
    text: li.querySelector(".stmt-text"),
    state: li.querySelector(".save-state"),
    slot: li.querySelector(".conflict-slot"),
  };
  const id = () => li.dataset.id ? Number(li.dataset.id) : null;
  // Short lists (a roundtable of many speakers): filled in when first about to open, or before a value is set.
  const move = li.querySelector(".stmt-move");
  const fill = () => Promise.all([fillOptions(f.speaker, ctx.api), fillOptions(move, ctx.api)]);
  for (const select of [f.speaker, move]) if (select?.dataset.short) openFilled(select, ctx.api);
  const key = () => id() ? `s:${id()}` : `new:${clientKey}`;
  let caret = 0;

  const collect = () => ({
    speakerId: f.speaker.value && f.speaker.value !== "presenter" ? Number(f.speaker.value) : null,
    presenter: f.speaker.value === "presenter",
    sameVoiceAs: !f.speaker.value && li.dataset.sameVoice ? Number(li.dataset.sameVoice) : null,
    labelForm: f.form.value,
    audience: f.audience.checked,
    kind: f.kind.value,
    text: f.text.value,
  });

  const saver = new Saver({
    pid: ctx.pid,
    key: key(),
    revision: li.dataset.revision ? Number(li.dataset.revision) : null,
    collect,
    stateEl: f.state,
    post: async (payload, revision) => {
      if (!payload.text.trim()) {
        // An empty statement is never sent; the server would refuse it. The fields stay as they are.
        return { skip: true, message: id() ? "Not saved: a statement needs some text (use Delete to remove it)." : "" };
      }
      if (id()) return send("PUT", `${ctx.api}/statements/${id()}`, { ...payload, revision });
      const res = await send("POST", `${ctx.api}/statements`, { ...payload, clientKey, after: previousId(li) });
      if (res.ok) {
        drafts.remove(ctx.pid, saver.key);
        li.dataset.id = res.data.id;
        saver.key = key();
      }
      return res;
    },
    onSaved: (data) => { li.dataset.revision = data.revision; ctx.refresh(); },
    onConflict: (current, mine) => conflict(current, mine),
  });

  function conflict(current, mine) {
    showConflict(f.slot, {
      theirs: current.deleted ? "(deleted)" : current.text,
      by: current.updatedBy,
      mine: mine.text,
      onUseTheirs: async () => {
        if (current.deleted) { drafts.remove(ctx.pid, saver.key); location.reload(); return; }
        await fill().catch(() => {});
        f.speaker.value = current.speakerId ?? (current.presenter ? "presenter" : "");
        f.form.value = current.labelForm;
        setSame(current.sameVoiceAs);
        f.audience.checked = current.audience;
        f.kind.value = current.kind;
        f.text.value = current.text;
        drafts.remove(ctx.pid, saver.key);
        saver.resume(current.revision, collect());
        li.dataset.revision = current.revision;
        ctx.refresh();
      },
      onSaveMine: (text) => {
        f.text.value = text;
        saver.resume(current.revision);
        saver.changed();
        saver.flush();
      },
    });
  }

  f.text.addEventListener("input", () => saver.changed());
  f.text.addEventListener("focusout", () => saver.flush());
  for (const e of ["keyup", "click", "select", "focusout"]) f.text.addEventListener(e, () => { caret = f.text.selectionStart; });
  for (const e of [f.speaker, f.audience, f.kind, f.form]) e.addEventListener("change", () => { saver.changed(); saver.flush(); });

  // "Same voice as" is only for an unidentified voice.
  const sameField = li.querySelector(".stmt-same-field");
  const syncSame = () => { if (sameField) sameField.hidden = f.speaker.value !== ""; };
  f.speaker.addEventListener("change", syncSame);
  syncSame();

  // "Same voice as N": the number the rapporteur sees, kept as the statement's id, so reordering never re-points it.
  function setSame(id) {
    if (id) li.dataset.sameVoice = id; else delete li.dataset.sameVoice;
    ctx.renumber();
  }
  f.same.addEventListener("change", () => {
    const n = f.same.value ? Number(f.same.value) : 0;
    const target = n ? [...li.parentElement.querySelectorAll("li.stmt")][n - 1] : null;
    if (n && !(target && target.dataset.id)) {
      f.state.textContent = `Not saved: there is no statement ${n} in this discussion.`;
      f.state.dataset.state = "error";
      f.same.value = "";
      return;
    }
    if (n && f.speaker.value) f.speaker.value = "";
    setSame(target ? target.dataset.id : null);
    saver.changed();
    saver.flush();
  });
  f.speaker.addEventListener("change", () => {
    const option = f.speaker.selectedOptions[0];
    if (option && option.dataset.observer) f.audience.checked = true;
  });

  // Structural changes: save what is typed first, then change on the server and show the result.
  async function structural(url, body) {
    if (saver.dirty && !(await saver.flush())) return;
    if (!id()) return;
    const res = await send("POST", url, { revision: saver.revision, ...body });
    if (res.ok) { location.reload(); return; }
    if (res.status === 409) {
      f.state.textContent = "Not done: this or the next statement was changed meanwhile. Reload to see the newer version.";
    } else {
      f.state.textContent = "Not done: " + problemText(res.data);
    }
    f.state.dataset.state = "error";
  }

  li.querySelector(".stmt-tools")?.addEventListener("click", async (e) => {
    const act = e.target instanceof HTMLElement ? e.target.dataset.act : null;
    if (!act) return;
    if (act === "up" || act === "down") return ctx.move(li, act === "up" ? -1 : 1);
    const base = `${ctx.api}/statements/${id()}`;
    if (act === "split") return structural(`${base}/split`, { at: caret });
    if (act === "delete" && window.confirm("Delete this statement? You can restore it from the deleted statements.")) return structural(`${base}/delete`, {});
    if (act === "merge") {
      const next = nextCard(li);
      if (!next) { f.state.textContent = "There is no statement after this one."; return; }
      return structural(`${base}/merge`, { otherRevision: Number(next.dataset.revision) });
    }
  });
  li.querySelector(".stmt-move")?.addEventListener("change", (e) => {
    const target = Number(e.target.value);
    if (target && window.confirm("Move this statement to the end of the other presentation's discussion?")) {
      structural(`${ctx.api}/statements/${id()}/move`, { presentationId: target });
    } else {
      e.target.value = "";
    }
  });

  return { li, saver, fields: f, conflict, key, fill };
}

// A list rendered short (only what is chosen) gets the full options, keeping its choice: a move list the template's,
// a speaker list everyone the server lists (read once per page, when the first list is about to open).
export async function fillOptions(select, api) {
  if (!select?.dataset.short) return;
  if (select.classList.contains("stmt-move")) {
    const source = document.getElementById("statement-template")?.content.querySelector(".stmt-move");
    if (!source) return;
    replaceOptions(select, [...source.options].map((o) => o.cloneNode(true)));
    return;
  }
  const speakers = await speakerList(api);
  if (!select.dataset.short) return;
  // The first lines (unidentified, the unrecorded presenter) stay; the chosen speaker is among everyone.
  const fixed = [...select.options].filter((o) => o.value === "" || o.value === "presenter");
  replaceOptions(select, [...fixed, ...speakers.map((s) => {
    const option = new Option(s.text, s.id);
    if (s.observer) option.dataset.observer = "1";
    return option;
  })]);
}

function replaceOptions(select, options) {
  const value = select.value;
  select.replaceChildren(...options);
  select.value = value;
  delete select.dataset.short;
}

let speakersRead = null;
function speakerList(api) {
  speakersRead ??= send("GET", `${api}/speakers`).then((res) => {
    if (!res.ok) throw new Error(problemText(res.data));
    return res.data;
  }).catch((e) => { speakersRead = null; throw e; });
  return speakersRead;
}

// A short list fills itself when it is about to open: the read starts when the pointer comes near or the list gets
// focus; a click or key that comes before the names waits for them (and then opens the list).
function openFilled(select, api) {
  const start = () => { fillOptions(select, api).catch(() => {}); };
  select.addEventListener("pointerenter", start, { once: true });
  select.addEventListener("focus", start, { once: true });
  const wait = (e) => {
    if (!select.dataset.short || (e.type === "keydown" && (e.key === "Tab" || e.key === "Escape" || e.altKey || e.ctrlKey || e.metaKey))) return;
    e.preventDefault();
    fillOptions(select, api).then(() => {
      select.focus();
      if (e.type !== "keydown") try { select.showPicker(); } catch { /* not supported or no longer allowed: one more click opens it */ }
    }, () => {
      const state = select.closest("li")?.querySelector(".save-state");
      if (state) { state.textContent = "The list of speakers could not be read; try again."; state.dataset.state = "error"; }
    });
  };
  for (const e of ["mousedown", "touchstart", "keydown"]) select.addEventListener(e, wait);
}

function previousId(li) {
  for (let p = li.previousElementSibling; p; p = p.previousElementSibling) if (p.dataset.id) return Number(p.dataset.id);
  return null;
}

function nextCard(li) {
  for (let n = li.nextElementSibling; n; n = n.nextElementSibling) if (n.dataset.id) return n;
  return null;
}

// A fresh card from the page's template, with ids made unique.
export function newCard(template) {
  const li = template.content.firstElementChild.cloneNode(true);
  const suffix = newKey().slice(0, 8);
  li.querySelectorAll("[id]").forEach((e) => { e.id = e.id + "-" + suffix; });
  li.querySelectorAll("label[for]").forEach((e) => { e.htmlFor = e.htmlFor + "-" + suffix; });
  return li;
}
