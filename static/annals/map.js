// The map of events, with JavaScript: Leaflet (served by Annals) over the land outline
// Annals ships (and a tile server's map, if the operator set one), the events' GeoJSON
// in clusters, a popup of each point's events, and a range of years that narrows the
// points and the list without reloading (the address keeps it). Without JavaScript the
// page already shows the server's drawing and the list: this replaces the drawing.
(function () {
  "use strict";

  var holder = document.querySelector("[data-map]");
  if (!holder || !window.L || !L.markerClusterGroup) { return; }
  var figure = holder.querySelector("#map");
  var list = holder.querySelector("[data-map-list]");
  var count = document.getElementById("shown-count");
  var fromInput = document.getElementById("from-year");
  var toInput = document.getElementById("to-year");
  var most = parseInt(holder.dataset.most, 10) || 20000;
  // What the map writes, in the page's language (pages.maps.words): each count in the
  // language's plural form, as CLDR and the browser's Intl.PluralRules name them.
  var words = JSON.parse(document.getElementById("map-words").textContent);
  var plurals = new Intl.PluralRules(words.language);
  function counted(key, n) {
    var forms = words[key];
    var form = forms[plurals.select(n)] || forms.other || forms.one;
    return form.replace("{n}", n.toLocaleString(words.language));
  }

  // The drawing's place is the map's: same size, same label, reachable from the keyboard.
  var box = document.createElement("div");
  box.className = "leaflet-map";
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", words.label);
  figure.replaceWith(box);

  var map = L.map(box, {
    minZoom: 1,
    maxZoom: 12,
    zoomSnap: 0.5,
    maxBounds: [[-85, -200], [85, 200]],
    maxBoundsViscosity: 0.8,
    attributionControl: true,
  }).setView([25, 10], 1.5);
  var fitted = false;
  // The box took the drawing's place after the page was laid out: measure it again, so
  // that the map draws to its edges.
  requestAnimationFrame(function () { map.invalidateSize(); });
  var serverCount = holder.querySelector(".map-list .count");
  if (serverCount) { serverCount.hidden = true; }
  map.attributionControl.setPrefix(false);

  // The land outline first: it stays when tiles fail or there is no network.
  fetch(holder.dataset.land)
    .then(function (r) { return r.json(); })
    .then(function (land) {
      L.geoJSON(land, {
        interactive: false,
        // Web Mercator ends short of the poles: Antarctica's edge is drawn at 85° S.
        coordsToLatLng: function (c) { return L.latLng(Math.max(-85, Math.min(85, c[1])), c[0]); },
        style: { color: "#9c8f7a", weight: 0.8, fillColor: "#ece5d8", fillOpacity: 1 },
      }).addTo(map).bringToBack();
      map.attributionControl.addAttribution("Land: Natural Earth");
    });
  if (holder.dataset.tiles) {
    L.tileLayer(holder.dataset.tiles, {
      attribution: holder.dataset.attribution || "",
      maxZoom: 19,
      crossOrigin: true,
    }).addTo(map);
  }

  var clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    chunkedLoading: true,
  });
  map.addLayer(clusters);

  var features = [];

  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  }

  function inRange(feature) {
    var year = feature.properties.year;
    var from = fromInput.value === "" ? -Infinity : parseInt(fromInput.value, 10);
    var to = toInput.value === "" ? Infinity : parseInt(toInput.value, 10);
    return year >= from && year <= to;
  }

  function draw() {
    clusters.clearLayers();
    var byPoint = {};
    var shown = features.filter(inRange);
    shown.forEach(function (feature) {
      if (!feature.geometry) { return; }
      var key = feature.geometry.coordinates.join(",");
      (byPoint[key] = byPoint[key] || []).push(feature);
    });
    var markers = Object.keys(byPoint).map(function (key) {
      var here = byPoint[key];
      var lonlat = here[0].geometry.coordinates;
      var label = (here[0].properties.place || words.place) + ": " + counted("events", here.length);
      // A round mark like the server's drawing; a marker (not a vector) so that it takes
      // the keyboard's focus and opens with Enter.
      var size = Math.round(12 + 8 * Math.min(1, Math.sqrt(here.length / 20)));
      var marker = L.marker([lonlat[1], lonlat[0]], {
        title: label,
        alt: label,
        keyboard: true,
        icon: L.divIcon({ className: "spot-icon", iconSize: [size, size], html: "" }),
      });
      marker.bindPopup(function () {
        var items = here.slice(0, 30).map(function (f) {
          var p = f.properties;
          return '<li><a href="' + escape(p.url) + '">' + escape(p.title) + "</a> <span class=\"meta\">" + escape(p.date_display) + "</span></li>";
        }).join("");
        var more = here.length > 30 ? "<p class=\"meta\">" + escape(counted("more", here.length - 30)) + "</p>" : "";
        return "<strong>" + escape(here[0].properties.place || "") + "</strong><ul class=\"popup-events\">" + items + "</ul>" + more;
      });
      return marker;
    });
    clusters.addLayers(markers);
    if (!fitted && markers.length) {
      fitted = true;
      map.fitBounds(clusters.getBounds().pad(0.2), { maxZoom: 5 });
    }
    if (count) {
      count.textContent = counted("shown", shown.length);
    }
    if (list) {
      list.textContent = "";
      shown.slice(0, 50).forEach(function (f) {
        var p = f.properties;
        var item = document.createElement("li");
        item.className = "card event-card";
        item.innerHTML = '<p class="card-when">' + escape(p.date_display) + "</p>" +
          '<h3 class="card-title"><a href="' + escape(p.url) + '">' + escape(p.title) + "</a></h3>" +
          (p.place ? '<p class="card-place">' + escape(p.place) + "</p>" : "");
        list.appendChild(item);
      });
    }
  }

  function load(url) {
    return fetch(url, { headers: { "Accept": "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        features = features.concat(data.features || []);
        draw();
        if (data.next && features.length < most) { return load(data.next); }
        if (data.next && count) {
          count.textContent += " " + counted("cut", features.length);
        }
      });
  }

  var first = holder.dataset.geojson;
  load(first + (first.indexOf("?") < 0 ? "?" : "&") + "page_size=2000");

  // The years narrow the points at once, and the address keeps them.
  function changed() {
    draw();
    var url = new URL(window.location.href);
    ["from", "to"].forEach(function (name) {
      var input = name === "from" ? fromInput : toInput;
      if (input.value === "") { url.searchParams.delete(name); } else { url.searchParams.set(name, input.value); }
    });
    url.searchParams.delete("after");
    window.history.replaceState(null, "", url);
  }
  fromInput.addEventListener("input", changed);
  toInput.addEventListener("input", changed);
  // The server already applied the years in the address: load all of them, narrow here.
})();
