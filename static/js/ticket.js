/* Ticket page: each action form posts its fields (and photos) to its API URL; on success the page reloads so
   the timeline shows the new event and the header the ticket's new state. The phone is revealed only on request (the server logs it). */
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
  /* Fields as JSON; a form with file inputs (the reply's photos) as multipart, without the empty
     file entries the browser adds for inputs where nothing was chosen. */
  function requestBody(form) {
    const data = new FormData(form);
    if (!form.querySelector("input[type=file]")) {
      const body = {};
      data.forEach(function (value, key) { body[key] = value; });
      // A unit picked from a list (static/js/picker.js) is sent by its code.
      form.querySelectorAll("input[data-picker]").forEach(function (input) { if (input.dataset.code) { body[input.name] = input.dataset.code; } });
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
      // Steps that cannot be undone (办结, closing without dispatch, merging) are confirmed first;
      // the close API refuses without "confirm" (an API client says so itself).
      let body = requestBody(form);
      if (form.dataset.confirm) {
        if (!window.confirm(form.dataset.confirm)) { return; }
        if (!(body instanceof FormData)) { body.confirm = true; }
      }
      const result = await api.request("POST", form.dataset.action, body);
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
