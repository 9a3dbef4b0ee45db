/* The directory's maps (Leaflet, vendored): the search's map (#directory-map, points fetched
   from /annuaire/carte.json, clustered) and a cooperative's small map (.directory-place-map).
   No inline script or style is allowed (CSP): texts come from data attributes, and every
   visitor-provided name goes into the page as text, never as HTML. */
(function () {
  "use strict";

  var TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
  var FRANCE = [46.6, 2.4];

  if (typeof window.L === "undefined") {
    return; // Leaflet did not load: the fallback text stays.
  }
  var L = window.L;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fill(template, count) {
    return (template || "").replace("{count}", count.toLocaleString(document.documentElement.lang || "fr"));
  }

  /* Leaflet guesses its images folder from leaflet.css's URL, which the hashed static names
     (manifest storage) defeat: the templates give the icons' URLs. */
  function markerIcon(element) {
    var data = element.dataset;
    if (!data.iconUrl) {
      return new L.Icon.Default();
    }
    return L.icon({
      iconUrl: data.iconUrl,
      iconRetinaUrl: data.iconRetinaUrl,
      shadowUrl: data.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
  }

  function makeMap(element, options) {
    var text = element.dataset;
    element.textContent = "";
    var map = L.map(element, {
      zoomControl: false,
      center: options.center,
      zoom: options.zoom,
      scrollWheelZoom: false, // the page scrolls past the map; a click or the keyboard zooms
    });
    L.control
      .zoom({ zoomInTitle: text.textZoomIn || "+", zoomOutTitle: text.textZoomOut || "−" })
      .addTo(map);
    // Tiles may fail (offline, blocked): markers do not depend on them.
    L.tileLayer(TILES, {
      maxZoom: 18,
      attribution:
        '&copy; <a href="https://www.openstreetmap.org/copyright">' +
        escapeHtml(text.textAttribution || "OpenStreetMap") +
        "</a>",
    }).addTo(map);
    map.on("focus", function () {
      map.scrollWheelZoom.enable();
    });
    map.on("blur", function () {
      map.scrollWheelZoom.disable();
    });
    return map;
  }

  /* A cooperative's page: one marker on its commune's point. */
  function placeMap(element) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) {
      return;
    }
    var label = element.dataset.label || "";
    var map = makeMap(element, { center: [lat, lon], zoom: 11 });
    L.marker([lat, lon], { icon: markerIcon(element), title: label, alt: label, keyboard: true })
      .addTo(map)
      .bindPopup(document.createTextNode(label));
  }

  /* The search's map. */
  function plural(text, count) {
    var rule = new Intl.PluralRules(document.documentElement.lang || "fr").select(count);
    return fill(rule === "one" ? text.textOne : text.textMany, count);
  }

  function listUrl(data, pointsUrl, code) {
    // The same search restricted to this commune (a radius no longer applies).
    var query = new URL(pointsUrl, window.location.href).searchParams;
    ["commune", "rayon_km", "page"].forEach(function (name) {
      query.delete(name);
    });
    if (query.get("tri") === "distance") {
      query.delete("tri");
    }
    query.set("commune", code);
    return data.search_url + "?" + query.toString();
  }

  function popupFor(point, data, pointsUrl, text) {
    // point: [lat, lon, count, INSEE code, commune name]; the list names the cooperatives.
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point[4];
    box.appendChild(title);
    box.appendChild(document.createTextNode(" — " + plural(text, point[2])));
    var line = document.createElement("p");
    var link = document.createElement("a");
    link.href = listUrl(data, pointsUrl, point[3]);
    link.textContent = point[2] === 1 ? text.textListOne : text.textList;
    line.appendChild(link);
    box.appendChild(line);
    return box;
  }

  function countIcon(count, label) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: '<span aria-hidden="true">' + count + '</span><span class="visually-hidden">' + escapeHtml(label) + "</span>",
      className: "directory-count directory-count-" + size,
      iconSize: L.point(36, 36),
    });
  }

  function searchMap(element) {
    var text = element.dataset;
    var status = document.getElementById("directory-map-status");
    var map = makeMap(element, { center: FRANCE, zoom: 5 });
    var clusters =
      typeof L.markerClusterGroup === "function"
        ? L.markerClusterGroup({
            showCoverageOnHover: false,
            maxClusterRadius: 50,
            iconCreateFunction: function (cluster) {
              var total = 0;
              cluster.getAllChildMarkers().forEach(function (marker) {
                total += marker.options.count;
              });
              return countIcon(total, plural(text, total));
            },
          })
        : L.layerGroup();
    clusters.addTo(map);
    var pending = null;
    var pin = markerIcon(element);

    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }

    function show(data, pointsUrl) {
      clusters.clearLayers();
      var markers = data.points.map(function (point) {
        var label = point[4] + " — " + plural(text, point[2]);
        var options = { title: label, keyboard: true, count: point[2] };
        if (point[2] > 1) {
          options.icon = countIcon(point[2], label);
        } else {
          options.icon = pin;
          options.alt = label;
        }
        return L.marker([point[0], point[1]], options).bindPopup(popupFor(point, data, pointsUrl, text));
      });
      if (clusters.addLayers) {
        clusters.addLayers(markers);
      } else {
        markers.forEach(function (marker) {
          clusters.addLayer(marker);
        });
      }
      var shown = data.total - data.unlocated;
      var message = fill(text.textShown, shown);
      if (data.unlocated) {
        message += " " + fill(text.textUnlocated, data.unlocated);
      }
      say(message);
      if (markers.length) {
        map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 11, padding: [20, 20] });
      } else {
        map.setView(FRANCE, 5);
      }
    }

    function load(pointsUrl) {
      if (pending) {
        pending.abort();
      }
      pending = typeof AbortController === "function" ? new AbortController() : null;
      say(text.textLoading);
      fetch(pointsUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending ? pending.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(data, pointsUrl);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") {
            return;
          }
          say(text.textError);
        });
    }

    load(element.dataset.pointsUrl);
    return { element: element, load: load };
  }

  var current = null; // the search's map, if this page has one

  // The htmx search swaps the results; the fragment carries the new query's points URL.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var source = target && target.querySelector && target.querySelector("[data-map-points-url]");
    if (!current || !source) {
      return;
    }
    var url = source.dataset.mapPointsUrl;
    if (url !== current.element.dataset.pointsUrl) {
      current.element.dataset.pointsUrl = url;
      current.load(url);
    }
  });

  // Going back restores the page's HTML from htmx's history, without the maps behind it.
  document.addEventListener("htmx:historyRestore", function () {
    start();
  });

  function start() {
    var search = document.getElementById("directory-map");
    current = search ? searchMap(search) : null;
    document.querySelectorAll(".directory-place-map").forEach(placeMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
