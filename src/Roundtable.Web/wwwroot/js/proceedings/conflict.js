// Shows both versions when a save was refused as stale: theirs (saved) and yours (not saved), side by side.
// Nothing is thrown away until the writer picks: keep theirs, or save (an edit of) theirs merged with theirs.
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function showConflict(slot, { theirs, by, mine, onUseTheirs, onSaveMine }) {
  slot.replaceChildren();
  const box = el("div", "conflict");
  box.setAttribute("role", "alert");
  box.append(el("strong", "", "Someone else saved this meanwhile" + (by ? ` (${by})` : "") + ". Your text was not saved over theirs."));
  box.append(el("p", "hint", "Both versions are below. Merge what you need into your version and save it, or keep theirs."));
  const cols = el("div", "conflict-cols");

  const left = el("div", "conflict-theirs");
  left.append(el("h5", "", "Their version (saved)"));
  left.append(el("div", "theirs-text", theirs));
  const useTheirs = el("button", "button secondary small", "Keep theirs");
  useTheirs.type = "button";
  left.append(useTheirs);

  const right = el("div", "conflict-mine");
  right.append(el("h5", "", "Your version (not saved)"));
  const mineText = el("textarea", "mine-text");
  mineText.rows = 5;
  mineText.value = mine;
  right.append(mineText);
  const saveMine = el("button", "button small", "Save my version");
  saveMine.type = "button";
  right.append(saveMine);

  cols.append(left, right);
  box.append(cols);
  slot.append(box);

  useTheirs.addEventListener("click", () => { slot.replaceChildren(); onUseTheirs(); });
  saveMine.addEventListener("click", () => { const text = mineText.value; slot.replaceChildren(); onSaveMine(text); });
}
