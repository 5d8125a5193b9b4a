// Entrant forms: show only the fields that apply, and keep unsaved typing across a reload.
// The pages work without this script; it only spares the entrant work.
(function () {
  "use strict";

  // --- Fields that depend on a choice ------------------------------------------------
  function value(form, name) {
    var checked = form.querySelector('[name="' + name + '"]:checked');
    if (checked) return checked.value;
    var field = form.querySelector('select[name="' + name + '"]');
    return field ? field.value : "";
  }

  function toggle(form) {
    var kind = value(form, "kind");
    var region = value(form, "region");
    var rules = {
      organisation_type: kind === "organisation",
      credit_code: kind === "organisation",
      organisation: kind !== "organisation",
      province: region === "outside",
    };
    Object.keys(rules).forEach(function (name) {
      var box = form.querySelector('[data-field="' + name + '"]');
      if (!box) return;
      // Never hide a field that carries an error: the entrant must see why.
      var hide = !rules[name] && !box.classList.contains("reg-field--error");
      if (hide) box.setAttribute("data-hidden-by-kind", "");
      else box.removeAttribute("data-hidden-by-kind");
    });
  }

  document.querySelectorAll('form[data-keep-draft="profile"]').forEach(function (form) {
    toggle(form);
    form.addEventListener("change", function () {
      toggle(form);
    });
  });

  // --- Unsaved typing survives a reload or a lost connection ---------------------------
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("reg-test", "1");
    storage.removeItem("reg-test");
  } catch (e) {
    return; // private mode or storage disabled: the server-side drafts still hold
  }

  document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
    var key = "reg-draft:" + location.pathname + ":" + form.getAttribute("data-keep-draft");
    var fields = form.querySelectorAll("input[type=text], input[type=url], input[type=tel], textarea");
    var hasErrors = form.querySelector(".reg-field--error, .reg-errors");

    var saved = null;
    try {
      saved = JSON.parse(storage.getItem(key) || "null");
    } catch (e) {
      saved = null;
    }
    // After a refused save the server already shows what was typed; otherwise offer what was lost.
    if (saved && !hasErrors) {
      var restored = false;
      fields.forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(saved, field.name) && saved[field.name] !== field.value) {
          field.value = saved[field.name];
          restored = true;
        }
      });
      if (restored) {
        var note = document.createElement("p");
        note.className = "reg-restored";
        note.setAttribute("role", "status");
        var page = document.querySelector("[data-restored-text]");
        note.textContent = page ? page.getAttribute("data-restored-text") : "";
        form.insertBefore(note, form.firstChild);
      }
    }

    form.addEventListener("input", function () {
      var data = {};
      fields.forEach(function (field) {
        data[field.name] = field.value;
      });
      storage.setItem(key, JSON.stringify(data));
    });
    form.addEventListener("submit", function () {
      storage.removeItem(key);
    });
  });
})();
