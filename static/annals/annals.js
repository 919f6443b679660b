// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The reader's time zone, for "on this day" and countdowns. Pages that use it reload
  // once when the browser's zone differs from the one the server assumed.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  var current = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
  if (zone && decodeURIComponent(current || "") !== zone) {
    document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    var stored = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
    if (stored && document.body && document.body.hasAttribute("data-reload-for-timezone")) {
      window.location.reload();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Subscribe forms default to the browser's time zone.
    document.querySelectorAll("select[name=timezone]").forEach(function (select) {
      if (zone && !select.dataset.touched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });

    // "Load more" on timelines appends the next events instead of leaving the page.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-load-more]");
      if (!link) { return; }
      event.preventDefault();
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("fragment", "1");
      link.textContent = "Loading…";
      fetch(url, { headers: { "Accept": "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var holder = link.closest(".more");
          var template = document.createElement("template");
          template.innerHTML = html;
          var first = template.content.querySelector("a, h2");
          holder.replaceWith(template.content);
          if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
        })
        .catch(function () { window.location.href = link.href; });
    });
  });
})();
