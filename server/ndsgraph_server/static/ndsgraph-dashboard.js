// Draws the dashboard's figures with Chart.js from the rows the page embeds (#figure-data).
// Each figure declares its chart: category columns, value columns and an optional series column,
// the value axis's title and unit, and whether its categories are dates on a time axis.
(function () {
  "use strict";
  // Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast).
  const PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#42145f", "#673327",
                   "#d52b1e", "#007bc7", "#275937", "#94710a", "#5a5a5a", "#8b4a6a"];
  const DAY = 24 * 60 * 60 * 1000;
  const figures = JSON.parse(document.getElementById("figure-data").textContent);

  function column(figure, name) {
    return figure.columns.indexOf(name);
  }

  // The category label of a row, as the server named it (figure.categories, row by row).
  function category(figure, row) {
    return figure.categories[figure.rows.indexOf(row)];
  }

  // The sum of a value column over rows; no value at all is a gap (null), never a zero.
  function total(rows, index) {
    const values = rows.map((row) => parseFloat(row[index])).filter((v) => !Number.isNaN(v));
    return values.length ? values.reduce((sum, value) => sum + value, 0) : null;
  }

  // A date (its first ten characters, YYYY-MM-DD) as days since 1970-01-01: its place in time.
  function day(date) {
    return Date.parse(date.slice(0, 10) + "T00:00:00Z") / DAY;
  }

  function dateOf(days) {
    return new Date(days * DAY).toISOString().slice(0, 10);
  }

  // The series' rows: one group per value column, or per distinct value of the series column.
  function groups(figure) {
    const chart = figure.chart;
    if (!chart.series) {
      return chart.values.map((name) => ({
        label: figure.names[name] || name, rows: figure.rows, value: column(figure, name),
      }));
    }
    const seriesColumn = column(figure, chart.series);
    const names = [...new Set(figure.rows.map((row) => row[seriesColumn]))];
    return names.map((name) => ({
      label: name,
      rows: figure.rows.filter((row) => row[seriesColumn] === name),
      value: column(figure, chart.values[0]),
    }));
  }

  // One dataset per group, a (summed) value per category.
  function datasets(figure, categories) {
    const line = figure.chart.kind === "bar-line";
    return groups(figure).map((group, index) => ({
      label: group.label,
      data: categories.map((c) => total(
        group.rows.filter((row) => category(figure, row) === c), group.value)),
      type: line && index > 0 ? "line" : undefined,
      yAxisID: line && index > 0 ? "y1" : undefined,
      order: line && index > 0 ? 0 : 1,  // the line drawn over the bars
    }));
  }

  // "(N = 3)", or "(N = 2–3)" when N changes over the points.
  function counted(points) {
    const counts = points.map((p) => Number(p.n));
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    return low === high ? ` (N = ${low})` : ` (N = ${low}–${high})`;
  }

  // On a time axis: one point per row at its date, with its N (the count column) if any.
  function timeDatasets(figure) {
    const count = figure.chart.count ? column(figure, figure.chart.count) : -1;
    return groups(figure).map((group) => {
      const points = group.rows.map((row) => ({
        x: day(category(figure, row)),
        y: total([row], group.value),
        n: count >= 0 ? row[count] : null,
      }));
      const label = group.label + (count >= 0 ? counted(points) : "");
      return { label: label, series: group.label, data: points };
    });
  }

  // A linear axis in days whose ticks are the figure's own dates, each labelled with its date.
  function timeAxis(figure) {
    const dates = [...new Set(figure.categories.map(day))].sort((a, b) => a - b);
    const low = dates[0];
    const high = dates[dates.length - 1];
    const margin = Math.max(1, (high - low) * 0.03);  // one date: a day either side of it
    return {
      type: "linear",
      min: low - margin,
      max: high + margin,
      title: {
        display: true,
        text: (figure.names[figure.chart.label[0]] || "datum")
          + ": een punt per datum, op schaal van de tijd",
      },
      afterBuildTicks: (axis) => { axis.ticks = dates.map((value) => ({ value: value })); },
      ticks: { callback: (value) => dateOf(value), maxRotation: 45 },
    };
  }

  // Writes each bar's value beside it, and a line's last value right of its last point, so a
  // value of 0 reads as 0 rather than as no data.
  const VALUES = {
    id: "ndsgraphValues",
    afterDatasetsDraw(drawn, args, options) {
      if (!options.show) return;
      const context = drawn.ctx;
      const beside = options.horizontal || options.line;
      context.save();
      context.font = "12px sans-serif";
      context.fillStyle = "#1a1a1a";
      context.textBaseline = beside ? "middle" : "bottom";
      context.textAlign = beside ? "left" : "center";
      drawn.data.datasets.forEach((set, index) => {
        const meta = drawn.getDatasetMeta(index);
        if (meta.hidden) return;
        const shown = options.line ? meta.data.slice(-1) : meta.data;
        shown.forEach((element) => {
          const value = set.data[meta.data.indexOf(element)];
          if (value === null || value === undefined) return;
          const text = (options.line ? value.y : value) + options.unit;
          if (beside) context.fillText(text, element.x + 6, element.y);
          else context.fillText(text, element.x, element.y - 2);
        });
      });
      context.restore();
    },
  };

  function draw(figure) {
    const canvas = document.getElementById("chart-" + figure.id);
    const chart = figure.chart;
    const categories = [...new Set(figure.categories)];
    const sets = (chart.time ? timeDatasets(figure) : datasets(figure, categories))
      .map((set, index) => ({
        ...set,
        backgroundColor: PALETTE[index % PALETTE.length],
        borderColor: PALETTE[index % PALETTE.length],
      }));
    const valueAxis = chart.horizontal ? "x" : "y";
    const beside = chart.horizontal || chart.kind === "line";  // values right of bar or point
    const scales = {
      x: chart.time ? timeAxis(figure) : { stacked: chart.stacked },
      y: { stacked: chart.stacked },
    };
    Object.assign(scales[valueAxis], {
      beginAtZero: true,
      title: { display: Boolean(chart.axis), text: chart.axis },
    });
    if (chart.percent) Object.assign(scales[valueAxis], { min: 0, max: 100 });
    if (chart.kind === "bar-line") {
      const second = chart.values[1];
      scales.y1 = {
        position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
        title: { display: true, text: figure.names[second] || second },
      };
    }
    if (chart.horizontal) {  // room for long names: one bar row per category
      canvas.parentElement.style.height = Math.max(300, 28 * categories.length + 80) + "px";
    }
    const tooltip = chart.time ? {
      callbacks: {
        title: (items) => dateOf(items[0].parsed.x),
        label: (item) => `${item.dataset.series}: `
          + `${item.parsed.y}${chart.percent ? " %" : ""}`
          + (item.raw.n === null ? "" : ` (N = ${item.raw.n})`),
      },
    } : {};
    new Chart(canvas, {
      type: chart.kind === "line" ? "line" : "bar",
      data: chart.time ? { datasets: sets } : { labels: categories, datasets: sets },
      options: {
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        layout: { padding: { right: chart.show_values && beside ? 48 : 0,
                             top: chart.show_values && !beside ? 16 : 0 } },
        elements: { point: { radius: 4 } },
        clip: false,  // a point at 0 or 100 % is drawn whole, not cut in half by the axis
        plugins: {
          legend: {  // in the datasets' order, whichever is drawn on top
            position: "bottom",
            labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex },
          },
          tooltip: tooltip,
          ndsgraphValues: {
            show: chart.show_values,
            horizontal: chart.horizontal,
            line: chart.kind === "line",
            unit: chart.percent ? " %" : "",
          },
        },
      },
      plugins: [VALUES],
    });
  }

  figures.forEach(draw);
})();
