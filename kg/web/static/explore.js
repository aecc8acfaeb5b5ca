/* newskg exploration pages: the figures chart and the maps, drawn by Vega-Lite from the JSON the
 * page carries (kg/web/views). Vega and Vega-Lite come from this server (kg install-ui), and so
 * does the world outline; nothing is fetched from anywhere else. Without them (or without
 * JavaScript) the pages show their tables, which are the same data.
 */
(function () {
  "use strict";
  if (typeof vega === "undefined" || typeof vegaLite === "undefined") return;

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Compile a Vega-Lite spec and draw it as SVG into `el`; `data-rendered` says when it is done.
  function render(el, spec) {
    el.removeAttribute("data-rendered");
    if (el.newskgView) el.newskgView.finalize();
    el.textContent = "";
    var compiled = vegaLite.compile(spec).spec;
    var view = new vega.View(vega.parse(compiled), { renderer: "svg", container: el, hover: true });
    el.newskgView = view;
    return view.runAsync().then(function () {
      el.setAttribute("data-rendered", "true");
      return view;
    }).catch(function (error) {
      el.textContent = "The chart could not be drawn (" + error + "); the table below has the same data.";
      var table = el.parentNode.querySelector("details.chart-table");
      if (table) table.open = true;
    });
  }

  var BOUNDS = ["exact", "approximate", "lower", "upper"];
  var SHAPES = ["circle", "diamond", "triangle-up", "triangle-down"];

  // One mark per figure; its bound as an error bar (approximate) or an arrow (lower: up, upper: down).
  function figuresSpec(data, series, log) {
    var color = series === "outlet" ? "outlet" : "speakerLabel";
    var y = { type: log ? "log" : "linear", zero: false, nice: true };
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: 380,
      autosize: { type: "fit-x", contains: "padding" },
      data: { values: data },
      encoding: {
        x: { field: "date", type: "temporal", timeUnit: "yearmonthdate", title: "date said (else published)",
             scale: { padding: 24 }, axis: { format: "%d %b %Y", labelAngle: 0, labelOverlap: "greedy" } },
        color: { field: color, type: "nominal", title: series === "outlet" ? "outlet" : "speaker",
                 legend: { orient: "bottom", columns: 3, labelLimit: 260 } }
      },
      layer: [
        {
          name: "bounds",
          transform: [{ filter: "datum.low !== datum.high" }],
          mark: { type: "rule", strokeWidth: 2, opacity: 0.8 },
          encoding: {
            y: { field: "low", type: "quantitative", scale: y, title: "value" },
            y2: { field: "high" }
          }
        },
        {
          name: "figures",
          mark: { type: "point", filled: true, size: 110, opacity: 0.95, cursor: "pointer" },
          encoding: {
            y: { field: "value", type: "quantitative", scale: y, title: "value" },
            shape: { field: "bound", type: "nominal", title: "bound", scale: { domain: BOUNDS, range: SHAPES } },
            href: { field: "statementHref" },
            tooltip: [
              { field: "date", type: "temporal", title: "date" },
              { field: "value", type: "quantitative", title: "value", format: "," },
              { field: "bound", title: "bound" },
              { field: "kindLabel", title: "kind" },
              { field: "speakerLabel", title: "speaker" },
              { field: "outlet", title: "outlet" },
              { field: "placeLabel", title: "about" }
            ]
          }
        }
      ]
    };
  }

  var chart = document.getElementById("figures-chart");
  var figures = json("figures-data");
  if (chart && figures) {
    var log = chart.getAttribute("data-log") === "true";
    var draw = function (series) {
      chart.setAttribute("data-series", series);
      return render(chart, figuresSpec(figures, series, log));
    };
    draw(chart.getAttribute("data-series") || "speaker");
    document.querySelectorAll("input[name=series]").forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) draw(input.value); });
    });
    window.newskgDrawFigures = draw; // for the browser test
  }

  // --- maps ------------------------------------------------------------------------------------

  // Countries from world-atlas (TopoJSON, ids are ISO 3166-1 numeric codes), shaded by the
  // statements about each; a circle per place with coordinates, sized by its statements.
  function mapSpec(map) {
    var outline = { url: map.atlas, format: { type: "topojson", feature: "countries" } };
    var layers = [
      {
        name: "countries", // the world outline: every country, grey
        data: outline,
        mark: { type: "geoshape", fill: "#e4e4e4", stroke: "#fff", strokeWidth: 0.5 }
      },
      {
        name: "shaded", // the countries with statements about them, joined by ISO numeric code
        data: outline,
        transform: [
          { lookup: "id", from: { data: { values: map.countries }, key: "numeric", fields: ["countryStatements", "label"] } },
          { filter: "datum.countryStatements > 0" }
        ],
        mark: { type: "geoshape", stroke: "#fff", strokeWidth: 0.5 },
        encoding: {
          color: { field: "countryStatements", type: "quantitative", scale: { scheme: "blues", type: "sqrt" },
                   title: "statements about the country" },
          tooltip: [{ field: "label", title: "country" }, { field: "countryStatements", title: "statements" }]
        }
      },
      {
        name: "places",
        data: { values: map.places },
        mark: { type: "circle", color: "#c0392b", opacity: 0.7, stroke: "#fff", strokeWidth: 0.8, cursor: "pointer" },
        encoding: {
          longitude: { field: "lon", type: "quantitative" },
          latitude: { field: "lat", type: "quantitative" },
          size: { field: "statements", type: "quantitative", scale: { type: "sqrt", range: [30, 1600] }, title: "statements about the place",
                  legend: { symbolFillColor: "#c0392b", symbolStrokeColor: "#c0392b" } },
          href: { field: "href" },
          tooltip: [{ field: "label", title: "place" }, { field: "statements", title: "statements" }, { field: "source", title: "coordinates" }]
        }
      }
    ];
    var projection = { type: "equalEarth" };
    if (map.focus) {
      projection = { type: "mercator", center: [map.focus.lon, map.focus.lat], scale: map.focus.scale || 900 };
    }
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: map.height || 480,
      autosize: { type: "fit-x", contains: "padding" },
      projection: projection,
      layer: map.atlas ? layers : layers.slice(2)
    };
  }

  var mapEl = document.getElementById("map-chart");
  var mapData = json("map-data");
  if (mapEl && mapData) {
    render(mapEl, mapSpec(mapData));
  }
})();
