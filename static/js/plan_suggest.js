// Suggest the plan item an event (by type and month) or a visit (by purpose and month) carries out.
// Only an empty choice, or one this script made, is changed: a choice the person made is kept.
(function () {
  "use strict";
  const data = document.getElementById("plan-items");
  const select = document.getElementById("id_plan_item");
  if (!data || !select) return;
  const items = JSON.parse(data.textContent);
  const type = document.getElementById("id_type");
  const purpose = document.getElementById("id_purpose");
  const day = document.getElementById("id_date");
  let suggested = select.value === "" ? null : undefined;

  function best() {
    const when = day && day.value ? new Date(day.value + "T00:00:00") : new Date();
    const year = when.getFullYear();
    const month = when.getMonth() + 1;
    const wanted = items.filter(function (item) {
      if (item.year !== year) return false;
      if (type) return String(item.type) === type.value;
      return purpose && item.purpose !== "" && item.purpose === purpose.value;
    });
    wanted.sort(function (a, b) {
      return Math.abs((a.month || month) - month) - Math.abs((b.month || month) - month);
    });
    return wanted.length ? String(wanted[0].id) : "";
  }

  function suggest() {
    if (suggested === undefined && select.value !== "") return; // the person's own choice
    const id = best();
    select.value = id;
    suggested = id;
  }

  select.addEventListener("change", function () {
    suggested = select.value === "" ? null : undefined;
  });
  [type, purpose, day].forEach(function (field) {
    if (field) field.addEventListener("change", suggest);
  });
})();
