/* Small fetch wrapper for the platform's own API: CSRF header, JSON or FormData, one error shape. */
(function () {
  "use strict";
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  async function request(method, url, body, headers) {
    const options = { method: method, credentials: "same-origin", headers: Object.assign({ "X-CSRFToken": csrfToken(), "Accept": "application/json" }, headers || {}) };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      return { ok: false, status: 0, data: { error: { message: String(err) } } };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    return { ok: response.ok, status: response.status, data: data };
  }
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([key, value]) {
      if (key === "text") { node.textContent = value; } else if (key === "className") { node.className = value; } else { node.setAttribute(key, value); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  window.hotlineApi = { request: request, el: el };
})();
