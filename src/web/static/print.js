// Print view: if the URL has ?autoprint=1, open the print dialog once after the page loads.
(function () {
  "use strict";
  if (new URLSearchParams(window.location.search).get("autoprint") !== "1") return;
  var done = false;
  function printOnce() {
    if (done) return;
    done = true;
    window.print();
  }
  if (document.readyState === "complete") printOnce();
  else window.addEventListener("load", printOnce, { once: true });
})();
