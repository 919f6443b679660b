// The interactive view: Knight Lab's TimelineJS, served by Annals itself, fed by the
// timeline's TimelineJS JSON. No fonts or analytics are loaded from elsewhere.
//
// On a phone, rows of groups (one per kind of event) would take most of the height and
// hide the slide's text: there the slides go ungrouped, in a lower navigation band.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var embed = document.getElementById("timeline-embed");
  if (!embed || !window.TL) { return; }
  var narrow = window.matchMedia("(max-width: 40rem)").matches;
  fetch(embed.dataset.url, { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (narrow) {
        (data.events || []).forEach(function (slide) { delete slide.group; });
        data.eras = [];
      }
      window.annalsTimeline = new TL.Timeline("timeline-embed", data, {
        font: null,
        script_path: embed.dataset.scriptPath,
        // Annals' own language file (timeline/timelinejs_locale.py): CLDR's months and
        // era words, so that no BCE is left in English.
        language: embed.dataset.language || "en",
        hash_bookmark: false,
        initial_zoom: 2,
        timenav_height_percentage: narrow ? 22 : 35,
        timenav_mobile_height_percentage: 22,
        timenav_height_min: narrow ? 110 : 150,
        marker_height_min: narrow ? 24 : 30,
      });
    });
});
