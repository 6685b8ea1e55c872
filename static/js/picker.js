/* Pickers by name: an input with data-picker="<search URL>" lists what matches a few typed
   characters (name, or the start of a code); ↑↓ move, Enter or a click picks, Escape closes.
   The input then shows the label ("八里庄街道（朝阳区）") and keeps the code in data-code, which
   picker.value(input) returns; the server accepts the label too, so a form posted without script
   still names its unit. A pick fires "picker:pick" on the input with the row in event.detail. */
(function () {
  "use strict";
  let serial = 0;

  function attach(input) {
    const api = window.hotlineApi;
    const list = document.createElement("ul");
    list.className = "picker picker-list";
    list.id = "picker-" + (++serial);
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    let rows = [], index = -1, asked = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
    function render() {
      list.replaceChildren();
      rows.forEach(function (row, i) {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.code = row.code;
        item.textContent = row.label || row.name;
        if (i === index) { item.classList.add("active"); item.setAttribute("aria-selected", "true"); input.setAttribute("aria-activedescendant", item.id); }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(row); });
        list.appendChild(item);
      });
      list.hidden = rows.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }
    function pick(row) {
      input.value = row.label || row.name;
      input.dataset.code = row.code;
      input.setCustomValidity("");
      close();
      input.dispatchEvent(new CustomEvent("picker:pick", { detail: row, bubbles: true }));
    }
    async function search() {
      delete input.dataset.code;
      const query = input.value.trim();
      if (!query) { rows = []; close(); return; }
      const mine = ++asked;
      const url = input.dataset.picker + (input.dataset.picker.includes("?") ? "&" : "?") + "q=" + encodeURIComponent(query.slice(0, 50));
      const result = await api.request("GET", url);
      if (mine !== asked) { return; }
      rows = result.ok && Array.isArray(result.data) ? result.data : [];
      // A whole code typed is a choice made: keep it, and keep the list from covering the form.
      const exact = rows.find(function (row) { return row.code === query; });
      if (exact) { input.dataset.code = exact.code; rows = []; close(); return; }
      index = rows.length ? 0 : -1;
      render();
    }
    input.addEventListener("input", search);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!rows.length) { return; }
        index = (index + (event.key === "ArrowDown" ? 1 : rows.length - 1)) % rows.length;
        render();
      } else if (event.key === "Enter" && !list.hidden && rows[index]) {
        event.preventDefault();
        pick(rows[index]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  window.picker = {
    attach: attach,
    /* The picked code, or what was typed (a code or a name the server resolves). */
    value: function (input) { return input.dataset.code || input.value.trim(); },
  };
  document.querySelectorAll("input[data-picker]").forEach(attach);
})();
