/* Dispatcher queue: confirm a proposal, pick another unit by name (static/js/picker.js), or act on
   many at once. A dispatched row leaves the list and the heading's count follows; when the page
   runs empty it reloads, to show the next tickets or that none is waiting. */
(function () {
  "use strict";
  const api = window.hotlineApi;
  const count = document.getElementById("queue-count");

  function rowGone(row) {
    row.remove();
    if (count && /^\d+$/.test(count.textContent.trim())) {
      count.textContent = String(Math.max(0, Number(count.textContent.trim()) - 1));
    }
    if (!document.querySelector("#queue tbody tr")) { window.location.reload(); }
  }

  async function dispatch(row, unit) {
    const error = row.querySelector(".error");
    error.textContent = "";
    const result = await api.request("POST", "/api/v1/tickets/" + row.dataset.ticket + "/dispatch/", { lead_unit: unit });
    if (result.ok) {
      rowGone(row);
      return true;
    }
    const e = (result.data && result.data.error) || {};
    error.textContent = e.fields ? Object.values(e.fields).flat().join(" ") : (e.message || String(result.status));
    return false;
  }

  document.querySelectorAll("#queue tbody tr").forEach(function (row) {
    const confirm = row.querySelector(".confirm");
    const input = row.querySelector("input.unit");
    if (confirm) { confirm.addEventListener("click", function () { dispatch(row, row.dataset.proposal); }); }
    row.querySelector(".other").addEventListener("click", function () { dispatch(row, window.picker.value(input)); });
    row.querySelectorAll("[data-unit]").forEach(function (button) {
      button.addEventListener("click", function () { input.value = button.dataset.label; input.dataset.code = button.dataset.unit; });
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
      const unit = window.picker.value(document.getElementById("bulk-unit"));
      bulk(function () { return unit; });
    });
  }
})();
