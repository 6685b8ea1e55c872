/* Whistle pages.
   Department board: every few seconds, fetch the rows the server renders (escaped there) and put them
   in place of the table body; rows not seen before stay highlighted for a while. countdown.js finds
   the new countdowns on its next tick.
   Blow form: pick departments by name (static/js/picker.js, /api/v1/units/pick/) and add them as
   ticked boxes; without script the typed codes or names are resolved by the server. */
(function () {
  "use strict";
  const HIGHLIGHT_MS = 120000;

  function boardRefresh(body) {
    const every = (Number(body.dataset.every) || 10) * 1000;
    const firstSeen = new Map();
    body.querySelectorAll("tr[data-summons]").forEach(function (row) { firstSeen.set(row.dataset.summons, 0); });
    const count = document.getElementById("board-count");
    const stamp = document.getElementById("board-refreshed");
    const offline = document.getElementById("board-offline");

    async function refresh() {
      let response;
      try {
        response = await fetch(body.dataset.url, { credentials: "same-origin", cache: "no-store" });
      } catch (err) {
        if (offline) { offline.hidden = false; }
        return;
      }
      if (!response.ok || response.redirected) {  // signed out, or the server is down
        if (offline) { offline.hidden = false; }
        return;
      }
      const template = document.createElement("template");
      template.innerHTML = await response.text();
      const now = Date.now();
      const rows = template.content.querySelectorAll("tr[data-summons]");
      rows.forEach(function (row) {
        const id = row.dataset.summons;
        if (!firstSeen.has(id)) { firstSeen.set(id, now); }
        if (firstSeen.get(id) && now - firstSeen.get(id) < HIGHLIGHT_MS) { row.classList.add("new"); }
      });
      body.replaceChildren(template.content);
      if (count) { count.textContent = String(rows.length); }
      if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
      if (offline) { offline.hidden = true; }
    }
    setInterval(refresh, every);
  }

  function departmentAdder(input) {
    const api = window.hotlineApi;
    const choices = document.getElementById("department-choices");
    const button = document.getElementById("add-department");

    function tick(unit) {
      const existing = choices.querySelector('input[name="departments"][value="' + CSS.escape(unit.code) + '"]');
      if (existing) { existing.checked = true; return; }
      const empty = document.getElementById("no-suggestions");
      if (empty) { empty.remove(); }
      const box = api.el("input", { type: "checkbox", name: "departments", value: unit.code });
      box.checked = true;
      choices.appendChild(api.el("label", { className: "check", "data-department": unit.code }, [box, document.createTextNode(" " + (unit.label || unit.name))]));
    }
    function added(unit) {
      tick(unit);
      input.value = "";
      delete input.dataset.code;
    }
    // Picked from the list (static/js/picker.js): ticked at once.
    input.addEventListener("picker:pick", function (event) { added(event.detail); });
    // Typed and added: a code, an exact name or label, or the one department the text matches.
    async function add() {
      const query = input.value.trim();
      if (!query) { return; }
      const result = await api.request("GET", input.dataset.picker + "&q=" + encodeURIComponent(query.slice(0, 50)));
      const units = result.ok && Array.isArray(result.data) ? result.data : [];
      const unit = units.find(function (u) { return u.code === query || u.name === query || u.label === query; }) || (units.length === 1 ? units[0] : null);
      if (unit) {
        added(unit);
      } else {
        input.setCustomValidity(button.dataset.notFound || "?");
        input.reportValidity();
      }
    }
    input.addEventListener("input", function () { input.setCustomValidity(""); });
    button.addEventListener("click", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.defaultPrevented) { event.preventDefault(); add(); }
    });
  }

  const body = document.getElementById("board-rows");
  if (body && body.dataset.url) { boardRefresh(body); }
  const input = document.getElementById("id_more_departments");
  if (input && window.hotlineApi) { departmentAdder(input); }
})();
