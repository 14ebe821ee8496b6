// Draws the dashboard's figures with Chart.js from the rows the page embeds (#figure-data).
// Each figure declares its chart: category columns, value columns and an optional series column.
(function () {
  "use strict";
  // Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast).
  const PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#42145f", "#673327",
                   "#d52b1e", "#007bc7", "#275937", "#94710a", "#5a5a5a", "#8b4a6a"];
  const figures = JSON.parse(document.getElementById("figure-data").textContent);

  function column(figure, name) {
    return figure.columns.indexOf(name);
  }

  // The category label of a row, as the server named it (figure.categories, row by row).
  function category(figure, row) {
    return figure.categories[figure.rows.indexOf(row)];
  }

  function number(value) {
    const parsed = parseFloat(value);
    return Number.isNaN(parsed) ? 0 : parsed;
  }

  // The sum of a value column over rows; on a line, no rows is a gap, not a zero.
  function total(figure, rows, index) {
    if (!rows.length && figure.chart.kind === "line") return null;
    return rows.reduce((sum, row) => sum + number(row[index]), 0);
  }

  // One series per value column, or per distinct value of the series column (summed).
  function datasets(figure, categories) {
    const chart = figure.chart;
    if (!chart.series) {
      return chart.values.map((name, index) => ({
        label: figure.names[name] || name,
        data: categories.map((c) => total(figure,
          figure.rows.filter((row) => category(figure, row) === c), column(figure, name))),
        type: chart.kind === "bar-line" && index > 0 ? "line" : undefined,
        yAxisID: chart.kind === "bar-line" && index > 0 ? "y1" : undefined,
      }));
    }
    const seriesColumn = column(figure, chart.series);
    const valueColumn = column(figure, chart.values[0]);
    const names = [...new Set(figure.rows.map((row) => row[seriesColumn]))];
    return names.map((name) => ({
      label: name,
      data: categories.map((c) => total(figure, figure.rows
        .filter((row) => row[seriesColumn] === name && category(figure, row) === c), valueColumn)),
    }));
  }

  function draw(figure) {
    const canvas = document.getElementById("chart-" + figure.id);
    const chart = figure.chart;
    const categories = [...new Set(figure.categories)];
    const sets = datasets(figure, categories).map((set, index) => ({
      ...set,
      backgroundColor: PALETTE[index % PALETTE.length],
      borderColor: PALETTE[index % PALETTE.length],
    }));
    const valueAxis = chart.horizontal ? "x" : "y";
    const scales = {
      x: { stacked: chart.stacked },
      y: { stacked: chart.stacked },
    };
    scales[valueAxis].beginAtZero = true;
    if (chart.kind === "bar-line") {
      scales.y1 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } };
    }
    if (chart.horizontal) {  // room for long names: one bar row per category
      canvas.parentElement.style.height = Math.max(300, 28 * categories.length + 80) + "px";
    }
    new Chart(canvas, {
      type: chart.kind === "line" ? "line" : "bar",
      data: { labels: categories, datasets: sets },
      options: {
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  figures.forEach(draw);
})();
