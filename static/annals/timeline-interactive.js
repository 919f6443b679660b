// The interactive view: Knight Lab's TimelineJS, served by Annals itself, fed by the
// timeline's TimelineJS JSON. No fonts or analytics are loaded from elsewhere.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var embed = document.getElementById("timeline-embed");
  if (!embed || !window.TL) { return; }
  window.annalsTimeline = new TL.Timeline("timeline-embed", embed.dataset.url, {
    font: null,
    script_path: embed.dataset.scriptPath,
    hash_bookmark: false,
    initial_zoom: 2,
    timenav_height_percentage: 35,
  });
});
