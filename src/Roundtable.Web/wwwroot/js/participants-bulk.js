// "Tick all" boxes of the participants page: a box marked data-select-all="group" ticks or unticks every enabled box
// marked data-select="group", and shows itself ticked when they all are. Without scripts the boxes stay hidden and
// each person is ticked on their own.
document.querySelectorAll("[data-select-all]").forEach((all) => {
  const group = all.dataset.selectAll;
  const boxes = () => Array.from(document.querySelectorAll(`input[data-select="${group}"]:not(:disabled)`));
  const sync = () => {
    const list = boxes();
    const ticked = list.filter((b) => b.checked).length;
    all.checked = list.length > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  };
  all.hidden = false;
  all.addEventListener("change", () => {
    boxes().forEach((b) => { b.checked = all.checked; });
    sync();
  });
  document.addEventListener("change", (e) => {
    if (e.target instanceof HTMLInputElement && e.target.dataset.select === group) {
      sync();
    }
  });
  sync();
});
