// Dashboards: draws each [data-chart] from the JSON in #dashboard-charts with ECharts (SVG renderer,
// so charts print sharply). Every chart's numbers are also in the table beside it.
(function () {
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") return;
  const charts = JSON.parse(source.textContent);
  // Distinguishable in greyscale print: alternating dark/light, different hues.
  const palette = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#9e9e9e"];
  // The page's own font: ECharts' default "sans-serif" falls back to a serif CJK face on some desktops.
  const textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
  const drawn = [];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const spec = charts[el.dataset.chart];
    if (!spec) return;
    el.style.height = "280px";
    const chart = echarts.init(el, null, { renderer: "svg" });
    let option;
    if (spec.kind === "pie") {
      option = {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { type: "scroll", orient: "vertical", right: 0, top: "middle" },
        series: [{ type: "pie", radius: ["35%", "70%"], center: ["38%", "50%"], label: { formatter: "{b}" },
          data: spec.labels.map((name, i) => ({ name, value: spec.series[0].data[i] })) }],
      };
    } else {
      option = {
        color: palette,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        // containLabel: long rotated category names ("廉租房实物配租（已入住）") stay inside the chart.
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 6 ? 30 : 0 } },
        yAxis: { type: "value" },
        series: spec.series.map((s) => ({ name: s.name, type: spec.kind === "line" ? "line" : "bar", data: s.data })),
      };
    }
    option.textStyle = textStyle;
    // The print view is printed (or turned into a PDF) at once: draw it whole, without the opening animation.
    option.animation = !document.body.classList.contains("dashboard-print");
    chart.setOption(option);
    drawn.push(chart);
    window.addEventListener("resize", () => chart.resize());
  });
  // Printing lays the page out at the paper's width: redraw each chart for it, and back afterwards.
  const resizeAll = () => drawn.forEach((chart) => chart.resize());
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);
})();
