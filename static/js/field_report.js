/* The grid worker's report (fieldreports): "use my location" fills the hidden longitude/latitude
   inputs from navigator.geolocation (WGS-84, what intake expects by default); the typed address
   stays possible when the phone cannot tell or the worker refuses. */
(function () {
  "use strict";
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  const longitude = document.getElementById("id_longitude");
  const latitude = document.getElementById("id_latitude");
  if (!button || !longitude || !latitude) { return; }
  if (!("geolocation" in navigator)) { button.hidden = true; return; }

  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        longitude.value = position.coords.longitude.toFixed(6);
        latitude.value = position.coords.latitude.toFixed(6);
        status.textContent = button.dataset.located + " (" + latitude.value + ", " + longitude.value + ")";
      },
      function () {
        longitude.value = "";
        latitude.value = "";
        status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
