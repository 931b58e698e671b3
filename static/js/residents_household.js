// Household form: each select of the grid tree (小区 → 楼栋 → 单元) shows only the options under the
// level chosen above it. Options carry data-parent; selects carry data-parent naming the select above.
(function () {
  "use strict";

  function narrow(select) {
    const parent = document.getElementById("id_" + select.dataset.parent);
    if (!parent) return;
    const value = parent.value;
    Array.from(select.options).forEach((opt) => {
      if (!opt.value) return; // the empty choice stays
      // a compound spanning grids lists each of them: data-parent="1 3"
      opt.hidden = !value || !(opt.dataset.parent || "").split(" ").includes(value);
    });
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.hidden) {
      select.value = "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const selects = Array.from(document.querySelectorAll(".household-form select[data-parent]"));
    selects.forEach((select) => {
      const parent = document.getElementById("id_" + select.dataset.parent);
      if (!parent) return;
      parent.addEventListener("change", () => narrow(select));
      narrow(select);
    });
  });
})();
