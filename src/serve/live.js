// kravkat serve: reload the page when the profile has been rebuilt. The server answers
// /_kravkat/reload?since=N once build N is superseded (or after a while, unchanged).
(function () {
  "use strict";
  var since = document.currentScript.getAttribute("data-generation");
  function wait() {
    fetch("/_kravkat/reload?since=" + encodeURIComponent(since), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (generation) {
        if (generation.trim() !== since) location.reload();
        else wait();
      })
      .catch(function () {
        // The server is restarting, or gone: try again shortly.
        setTimeout(wait, 1000);
      });
  }
  wait();
})();
