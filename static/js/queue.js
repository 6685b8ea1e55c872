/* Dispatcher queue: confirm a proposal, pick another unit (searchable), or act on many at once. */
(function () {
  "use strict";
  const api = window.hotlineApi;
  const options = document.getElementById("unit-options");
  const DISPATCHABLE = ["district", "street", "department", "enterprise"];

  async function searchUnits(query) {
    if (query.length < 2) { return; }
    const result = await api.request("GET", "/api/v1/units/?page_size=30&q=" + encodeURIComponent(query));
    options.replaceChildren();
    (result.ok ? result.data.results : []).filter(function (u) { return DISPATCHABLE.includes(u.kind); })
      .forEach(function (u) { options.appendChild(api.el("option", { value: u.code, text: u.name })); });
  }
  document.querySelectorAll("input[list=unit-options]").forEach(function (input) {
    input.addEventListener("input", function () { searchUnits(input.value.trim()); });
  });

  async function dispatch(row, unitCode) {
    const error = row.querySelector(".error");
    error.textContent = "";
    const result = await api.request("POST", "/api/v1/tickets/" + row.dataset.ticket + "/dispatch/", { lead_unit: unitCode });
    if (result.ok) {
      row.remove();
      return true;
    }
    const e = (result.data && result.data.error) || {};
    error.textContent = e.fields ? Object.values(e.fields).flat().join(" ") : (e.message || String(result.status));
    return false;
  }

  document.querySelectorAll("#queue tbody tr").forEach(function (row) {
    const confirm = row.querySelector(".confirm");
    if (confirm) { confirm.addEventListener("click", function () { dispatch(row, row.dataset.proposal); }); }
    row.querySelector(".other").addEventListener("click", function () {
      dispatch(row, row.querySelector("input.unit").value.trim());
    });
    row.querySelectorAll("[data-unit]").forEach(function (button) {
      button.addEventListener("click", function () { row.querySelector("input.unit").value = button.dataset.unit; });
    });
  });

  function selectedRows() { return Array.from(document.querySelectorAll("#queue tbody tr")).filter(function (r) { return r.querySelector(".pick").checked; }); }
  async function bulk(unitFor) {
    let done = 0;
    const rows = selectedRows();
    for (const row of rows) {
      const unit = unitFor(row);
      if (unit && await dispatch(row, unit)) { done += 1; }
    }
    document.getElementById("bulk-result").textContent = done + " / " + rows.length;
  }
  const selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      document.querySelectorAll("#queue .pick").forEach(function (box) { box.checked = selectAll.checked; });
    });
    document.getElementById("bulk-confirm").addEventListener("click", function () { bulk(function (row) { return row.dataset.proposal; }); });
    document.getElementById("bulk-dispatch").addEventListener("click", function () {
      const unit = document.getElementById("bulk-unit").value.trim();
      bulk(function () { return unit; });
    });
  }
})();
