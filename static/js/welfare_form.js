// The welfare form shows 廉租房方式 and 就业岗位 only for the types that use them.
(() => {
  const form = document.querySelector("[data-welfare-form]");
  const flagsNode = document.getElementById("welfare-type-flags");
  if (!form || !flagsNode) return;
  const flags = JSON.parse(flagsNode.textContent);
  const typeSelect = form.querySelector("select[name=type]");
  const wrapper = (name) => form.querySelector(`#div_id_${name}`);
  const update = () => {
    const chosen = flags[typeSelect.value] || {};
    for (const name of ["housing_mode", "placement"]) {
      const box = wrapper(name);
      if (box) box.hidden = !chosen[name];
    }
  };
  if (typeSelect) {
    typeSelect.addEventListener("change", update);
    update();
  }
})();
