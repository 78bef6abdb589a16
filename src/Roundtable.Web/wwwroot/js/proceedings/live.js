import { send, problemText, newKey, drafts, markPending, clearPending, OfflineError } from "./api.js";
import { matchSpeakers, inferKind } from "./speakers.js";

// Live capture: speaker letters, Tab, the remark, Enter. Each statement goes into a queue kept in localStorage and is
// sent in order in the background, so typing never waits for the server and nothing is lost if it is unreachable.
const root = document.getElementById("live");
if (root) start(root);

function start(root) {
  const api = root.dataset.api;
  const pid = root.dataset.presentation;
  const $ = (id) => document.getElementById(id);
  const speakerBox = $("live-speaker"), suggest = $("live-suggest"), textBox = $("live-text"), chosenEl = $("live-chosen");
  const audienceBox = $("live-audience"), kindEl = $("live-kind"), listEl = $("live-list"), queueState = $("live-queue");
  let speakers = [];
  let options = [];
  let active = 0;
  // undefined: not chosen; null: unidentified; { same: N }: unidentified, the same voice as statement N;
  // { presenter: true }: the presenter, not recorded; otherwise a speaker.
  let chosen = undefined;
  let kindTouched = false;

  // Speakers come from the API; until they arrive only "?" can be chosen.
  send("GET", api).then((res) => {
    if (res.ok) speakers = res.data.speakers;
    root.dataset.ready = "1";
  }).catch(() => { root.dataset.ready = "1"; });

  function renderSuggestions() {
    suggest.replaceChildren();
    const q = speakerBox.value.replace(/@$/, "");
    const same = /^\s*=\s*(\d+)\s*$/.exec(q);
    if (q.trim() === "?") {
      options = [null];
    } else if (same) {
      options = [{ same: Number(same[1]) }];
    } else {
      options = matchSpeakers(speakers, q).slice(0, 6);
      if (q.trim().length >= 3 && "the presenter".includes(q.trim().toLowerCase())) options.push({ presenter: true });
    }
    active = Math.min(active, Math.max(0, options.length - 1));
    options.forEach((s, i) => {
      const li = document.createElement("li");
      li.textContent = describe(s) + (s && s.id ? (s.mayBeNamed ? "" : " · not named") + (s.presenter ? " · presenter" : "") : "");
      if (i === active) li.className = "active";
      suggest.append(li);
    });
    suggest.hidden = options.length === 0 || !speakerBox.value;
  }

  function choose() {
    const raw = speakerBox.value.trim();
    const audience = raw.endsWith("@");
    if (!raw || options.length === 0) {
      chosenEl.textContent = raw ? `No one matches “${raw}”. Type ? for an unidentified speaker.` : "Type a few letters of the speaker, or ? if you do not know.";
      chosenEl.dataset.state = "error";
      return false;
    }
    chosen = options[active];
    if (chosen && chosen.same && !sameVoiceAllowed(chosen.same)) return false;
    audienceBox.checked = audience || Boolean(chosen && chosen.observer);
    chosenEl.textContent = describe(chosen);
    chosenEl.dataset.state = "ok";
    suggest.hidden = true;
    return true;
  }

  speakerBox.addEventListener("input", () => { active = 0; chosen = undefined; renderSuggestions(); });
  speakerBox.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % Math.max(1, options.length);
      renderSuggestions();
    } else if (e.key === "Tab" && !e.shiftKey || e.key === "Enter") {
      e.preventDefault();
      if (choose()) textBox.focus();
    }
  });

  textBox.addEventListener("input", () => { if (!kindTouched) kindEl.value = inferKind(textBox.value); });
  kindEl.addEventListener("change", () => { kindTouched = true; });
  textBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      capture();
    } else if (e.key === "Escape") {
      speakerBox.focus();
      speakerBox.select();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey && (e.key === "a" || e.key === "A")) { e.preventDefault(); audienceBox.checked = !audienceBox.checked; }
    // One key for "the same voice as an earlier unidentified statement": each press goes one further back.
    if (e.altKey && (e.key === "s" || e.key === "S")) { e.preventDefault(); sameVoiceBack(); }
  });

  function describe(s) {
    if (s === null) return "Unidentified speaker";
    if (s === undefined) return "";
    if (s.same) return `Unidentified: the same voice as statement ${s.same}`;
    if (s.presenter && !s.id) return "The presenter (not recorded)";
    return s.fullName;
  }

  // Statements in the list, in order (1 = the first), with whether each was an unidentified voice.
  const items = () => [...listEl.querySelectorAll("li.live-item")];

  function sameVoiceAllowed(n) {
    const all = items();
    if (n < 1 || n > all.length) {
      chosenEl.textContent = `There is no statement ${n} yet: the discussion has ${all.length}.`;
      chosenEl.dataset.state = "error";
      return false;
    }
    if (all[n - 1].dataset.unidentified !== "1") {
      chosenEl.textContent = `Statement ${n} has a known speaker: choose them instead.`;
      chosenEl.dataset.state = "error";
      return false;
    }
    return true;
  }

  function sameVoiceBack() {
    const all = items();
    const from = chosen && chosen.same ? chosen.same - 1 : all.length;
    for (let i = from - 1; i >= 0; i--) {
      if (all[i].dataset.unidentified === "1") {
        chosen = { same: i + 1 };
        speakerBox.value = `=${i + 1}`;
        chosenEl.textContent = describe(chosen);
        chosenEl.dataset.state = "ok";
        suggest.hidden = true;
        textBox.focus();
        return;
      }
    }
    chosenEl.textContent = "No earlier unidentified voice to be the same as.";
    chosenEl.dataset.state = "error";
  }

  function capture() {
    const text = textBox.value.trim();
    if (chosen === undefined) { speakerBox.focus(); choose(); return; }
    if (!text) { chosenEl.textContent = "Type the statement before pressing Enter."; chosenEl.dataset.state = "error"; return; }
    const item = { clientKey: newKey(), speakerId: chosen && chosen.id ? chosen.id : null, who: describe(chosen),
      sameVoiceAsNumber: chosen && chosen.same ? chosen.same : null, presenter: Boolean(chosen && chosen.presenter && !chosen.id),
      audience: audienceBox.checked, kind: kindEl.value, text };
    const queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
    show(item, "pending");
    textBox.value = "";
    speakerBox.value = "";
    chosen = undefined;
    kindTouched = false;
    kindEl.value = "remark";
    audienceBox.checked = false;
    chosenEl.textContent = "";
    suggest.hidden = true;
    speakerBox.focus();
    pump();
  }

  function show(item, state) {
    const li = document.createElement("li");
    li.dataset.key = item.clientKey;
    if (item.speakerId === null && !item.presenter) li.dataset.unidentified = "1";
    li.className = "live-item " + state;
    const who = document.createElement("strong");
    who.textContent = item.who + (item.audience ? " (audience)" : "");
    const what = document.createElement("span");
    what.textContent = " " + item.text;
    const label = document.createElement("span");
    label.className = "live-label";
    const st = document.createElement("small");
    st.className = "live-state";
    st.textContent = state === "pending" ? " sending…" : "";
    li.append(who, label, what, st);
    listEl.append(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function markItem(li, item, ok) {
    li.className = "live-item " + (ok ? "saved" : "failed");
    li.querySelector(".live-state").textContent = ok ? "" : ` not saved: ${item.error}`;
    if (!ok && !li.querySelector("button")) {
      const dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "button secondary small";
      dismiss.textContent = "Dismiss";
      dismiss.addEventListener("click", () => {
        drafts.put(pid, "live-failed", { items: failed().filter((x) => x.clientKey !== item.clientKey) });
        li.remove();
      });
      li.append(dismiss);
    }
  }

  const failed = () => drafts.get(pid, "live-failed")?.items ?? [];
  const loadQueue = () => drafts.get(pid, "live-queue")?.items ?? [];
  const saveQueue = (items) => items.length ? drafts.put(pid, "live-queue", { items }) : drafts.remove(pid, "live-queue");

  let sending = false;
  async function pump() {
    if (sending) return;
    sending = true;
    try {
      for (let queue = loadQueue(); queue.length; queue = loadQueue()) {
        const item = queue[0];
        const li = listEl.querySelector(`[data-key="${item.clientKey}"]`);
        queueState.textContent = `${queue.length} waiting to be saved…`;
        let res;
        try {
          res = await send("POST", `${api}/statements`, { speakerId: item.speakerId, audience: item.audience, kind: item.kind, text: item.text,
            clientKey: item.clientKey, presenter: item.presenter, sameVoiceAsNumber: item.sameVoiceAsNumber });
        } catch (e) {
          if (!(e instanceof OfflineError)) throw e;
          markPending("live", e.message);
          queueState.textContent = `Offline: ${queue.length} statement(s) kept in this browser, retrying…`;
          setTimeout(pump, 3000);
          return;
        }
        clearPending("live");
        if (!res.ok) {
          // Refused (locked, or invalid): kept in this browser, listed until dismissed, never silently dropped.
          item.error = problemText(res.data);
          drafts.put(pid, "live-failed", { items: [...failed(), item] });
        }
        saveQueue(loadQueue().filter((x) => x.clientKey !== item.clientKey));
        if (li) {
          if (res.ok) li.dataset.id = res.data.id;
          markItem(li, item, res.ok);
        }
      }
      queueState.textContent = "All saved.";
    } finally {
      sending = false;
    }
    // Statements typed while the last one was being sent are sent now; then every label is brought up to date.
    if (loadQueue().length) { pump(); return; }
    labels();
  }

  // Each saved statement shows the label it will print under, as the report's renderer decides it.
  async function labels() {
    const res = await send("GET", api).catch(() => null);
    if (!res?.ok) return;
    const byId = new Map(res.data.statements.map((s) => [String(s.statement.id), s.label]));
    for (const li of items()) {
      const label = byId.get(li.dataset.id ?? "");
      const el = li.querySelector(".live-label");
      if (el && label) el.textContent = ` prints as “${label}”:`;
    }
  }

  // Statements typed before a reload or an outage, not yet on the server.
  for (const item of loadQueue()) show(item, "pending");
  for (const item of failed()) { show(item, "failed"); markItem(listEl.lastElementChild, item, false); }
  window.addEventListener("online", pump);
  pump();
  speakerBox.focus();
}
