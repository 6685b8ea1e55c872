/* Ticket page: each action form posts its fields (and photos) to its API URL; on success the page reloads so
   the timeline shows the new event. The phone is revealed only on request (the server logs it). */
(function () {
  "use strict";
  const api = window.hotlineApi;
  const reveal = document.getElementById("reveal-phone");
  if (reveal) {
    reveal.addEventListener("click", async function () {
      const result = await api.request("POST", reveal.dataset.url);
      if (result.ok) { document.getElementById("caller-phone").textContent = result.data.phone; reveal.remove(); }
    });
  }
  const unitInput = document.getElementById("lead_unit");
  if (unitInput) {
    unitInput.addEventListener("input", async function () {
      const query = unitInput.value.trim();
      if (query.length < 2) { return; }
      const result = await api.request("GET", "/api/v1/units/?page_size=20&q=" + encodeURIComponent(query));
      const options = document.getElementById("unit-options");
      options.replaceChildren();
      (result.ok ? result.data.results : []).filter(function (u) { return ["district", "street", "department", "enterprise"].includes(u.kind); })
        .forEach(function (u) { options.appendChild(api.el("option", { value: u.code, text: u.name })); });
    });
  }
  /* Fields as JSON; a form with file inputs (the reply's photos) as multipart, without the empty
     file entries the browser adds for inputs where nothing was chosen. */
  function requestBody(form) {
    const data = new FormData(form);
    if (!form.querySelector("input[type=file]")) {
      const body = {};
      data.forEach(function (value, key) { body[key] = value; });
      return body;
    }
    const body = new FormData();
    data.forEach(function (value, key) {
      if (!(value instanceof File) || value.name) { body.append(key, value); }
    });
    return body;
  }
  document.querySelectorAll("form[data-action]").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const result = await api.request("POST", form.dataset.action, requestBody(form));
      const error = document.getElementById("action-error");
      if (!result.ok) {
        const e = (result.data && result.data.error) || {};
        error.textContent = e.fields ? Object.values(e.fields).flat().join(" ") : (e.message || String(result.status));
        return;
      }
      if (form.hasAttribute("data-shows-url")) {
        document.getElementById("action-result").replaceChildren(api.el("code", { text: result.data.url }));
        return;
      }
      window.location.reload();
    });
  });
})();
