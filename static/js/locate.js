/* "Use my location" on the check-in form: fills the longitude and latitude inputs named by the
   block's data-longitude / data-latitude with the device's position (WGS-84, six decimals). The
   button shows only where the browser can locate (a secure origin with navigator.geolocation);
   typing the coordinates always works. */
(function () {
  "use strict";
  document.querySelectorAll("[data-locate]").forEach(function (block) {
    const button = block.querySelector("button");
    const status = block.querySelector(".locate-status");
    const longitude = document.getElementById(block.dataset.longitude);
    const latitude = document.getElementById(block.dataset.latitude);
    if (!button || !longitude || !latitude) { return; }
    if (!("geolocation" in navigator) || !window.isSecureContext) {
      status.textContent = block.dataset.textUnsupported;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = block.dataset.textBusy;
      navigator.geolocation.getCurrentPosition(function (position) {
        longitude.value = position.coords.longitude.toFixed(6);
        latitude.value = position.coords.latitude.toFixed(6);
        status.textContent = block.dataset.textDone;
        button.disabled = false;
      }, function () {
        status.textContent = block.dataset.textFailed;
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });
})();
