// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The reader's time zone, for "on this day" and countdowns. The cookie holds the zone's
  // name URL-encoded (the server decodes it: timeline/readers.py). Pages that use it
  // reload once when the browser's zone differs from the one the server assumed.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  var current = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
  var decoded = "";
  try { decoded = decodeURIComponent(current || ""); } catch (e) { decoded = ""; }
  if (zone && decoded !== zone) {
    document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    var stored = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
    var served = document.body && document.body.getAttribute("data-timezone");
    if (stored && document.body && document.body.hasAttribute("data-reload-for-timezone") && served !== zone) {
      window.location.reload();
    }
  }

  // Suggestions for fields that take a person's or a place's slug: the names that match
  // what is typed, from the API (GET /api/actors/?q=, /api/places/?q=).
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text.length < 2 || text === asked) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        asked = text;
        var url = "/api/" + input.dataset.suggest + "/?page_size=20&q=" + encodeURIComponent(text) +
          "&lang=" + encodeURIComponent(document.documentElement.lang || "en");  // names as the page writes them
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (row) {
              var option = document.createElement("option");
              option.value = row.slug;
              option.textContent = row.country ? row.name + ", " + row.country : row.name;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience */ });
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Subscribe forms default to the browser's time zone.
    document.querySelectorAll("select[name=timezone]").forEach(function (select) {
      if (zone && !select.dataset.touched && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    });

    document.querySelectorAll("input[data-suggest]").forEach(suggest);

    // "Load more" on timelines appends the next events instead of leaving the page.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-load-more]");
      if (!link) { return; }
      event.preventDefault();
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("fragment", "1");
      link.textContent = link.dataset.loading || "Loading…";  // in the page's language
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
