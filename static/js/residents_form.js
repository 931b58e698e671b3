// Resident form: the ID number fills in birth date and sex (GB 11643); the server checks them again.
// A filter box narrows the household select. No inline scripts (CSP).
(function () {
  "use strict";
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const CHECK = "10X98765432";

  function normalize(raw) {
    // Full-width digits and letters to ASCII, spaces removed, x → X.
    return (raw || "")
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\s+/g, "")
      .toUpperCase();
  }

  function parse(number) {
    if (number.length === 15 && /^\d+$/.test(number)) return { error: "不接受15位旧身份证号码，请换用18位公民身份号码。" };
    if (number.length !== 18) return { error: "公民身份号码应为18位，现为" + number.length + "位。" };
    if (!/^\d{17}[\dX]$/.test(number)) return { error: "公民身份号码前17位须为数字，末位为数字或X。" };
    const y = +number.slice(6, 10), m = +number.slice(10, 12), d = +number.slice(12, 14);
    const birth = new Date(Date.UTC(y, m - 1, d));
    if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
      return { error: "公民身份号码中的出生日期不存在。" };
    }
    let total = 0;
    for (let i = 0; i < 17; i++) total += +number[i] * WEIGHTS[i];
    if (CHECK[total % 11] !== number[17]) return { error: "公民身份号码校验位错误，请核对号码。" };
    return {
      birth: number.slice(6, 10) + "-" + number.slice(10, 12) + "-" + number.slice(12, 14),
      sex: (+number[16]) % 2 === 1 ? "M" : "F",
    };
  }

  function hint(input) {
    let el = document.getElementById("id-number-hint");
    if (!el) {
      el = document.createElement("div");
      el.id = "id-number-hint";
      el.className = "small mt-1";
      el.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", el);
    }
    return el;
  }

  function onIdInput(input) {
    const number = normalize(input.value);
    const out = hint(input);
    if (number.length < 15) {
      out.textContent = "";
      return;
    }
    const info = parse(number);
    if (info.error) {
      out.className = "small mt-1 text-danger";
      out.textContent = info.error;
      return;
    }
    // Beside the number's own field (a prefixed form: id_person-id_number → id_person-birth_date).
    const birth = document.getElementById(input.id.replace(/id_number$/, "birth_date"));
    const sex = document.getElementById(input.id.replace(/id_number$/, "sex"));
    // Fill what is empty or was filled in by us before; never overwrite what the user typed.
    if (birth && (!birth.value || birth.dataset.autofilled === "1")) {
      birth.value = info.birth;
      birth.dataset.autofilled = "1";
    }
    if (sex && (!sex.value || sex.dataset.autofilled === "1")) {
      sex.value = info.sex;
      sex.dataset.autofilled = "1";
    }
    out.className = "small mt-1 text-success";
    out.textContent = "号码有效：出生日期 " + info.birth + "，性别 " + (info.sex === "M" ? "男" : "女") + "。";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.querySelector("input[data-id-number]");
    if (input) {
      input.addEventListener("input", () => onIdInput(input));
      // A number already there (typed before this script ran, kept by the browser on going back, or sent
      // back with the form's errors) is read at once.
      if (input.value) onIdInput(input);
      ["birth_date", "sex"].forEach((name) => {
        const el = document.getElementById(input.id.replace(/id_number$/, name));
        if (el) el.addEventListener("change", () => { delete el.dataset.autofilled; });
      });
    }
    document.querySelectorAll("input[data-filter-select]").forEach((box) => {
      const select = document.getElementById(box.dataset.filterSelect);
      if (!select) return;
      box.addEventListener("input", () => {
        const needle = box.value.trim();
        let first = null;
        Array.from(select.options).forEach((opt) => {
          const show = !opt.value || !needle || opt.text.indexOf(needle) !== -1;
          opt.hidden = !show;
          if (show && opt.value && first === null) first = opt;
        });
        if (needle && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
          select.value = first.value;
        }
      });
    });
  });
})();
