// Draws the dashboard's figures with Chart.js from the rows the page embeds (#figure-data).
// Each figure declares its chart: category columns, value columns and an optional series column,
// the axes' titles and units, whether its categories are moments on a time axis, a target to
// mark on each bar, and per value column a note beside each value (its N: "2 van 3"). Every
// word comes from the server in the page's language; numbers and dates are written in that
// language's notation (a decimal comma in Dutch). A figure with a `choose` column draws one
// value of it at a time, chosen in the select above it (a chart of all would be metres tall).
(function () {
  "use strict";
  // Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast).
  const PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#42145f", "#673327",
                   "#d52b1e", "#007bc7", "#275937", "#94710a", "#5a5a5a", "#8b4a6a"];
  const TARGET_COLOUR = "#1a1a1a";
  const DAY = 24 * 60 * 60 * 1000;
  const LANGUAGE = document.documentElement.lang === "en" ? "en" : "nl";
  const LOCALE = LANGUAGE === "en" ? "en-GB" : "nl-NL";
  const PERCENT = LANGUAGE === "en" ? "%" : " %";
  // four-digit numbers ungrouped, as the server writes them (a year reads 2026)
  const NUMBER = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1, useGrouping: "min2" });
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

  // The note of the one row behind a value (its N), or none when several rows are summed.
  function noteOf(figure, rows, name) {
    const notes = figure.notes[name];
    return notes && rows.length === 1 ? notes[figure.rows.indexOf(rows[0])] : "";
  }

  // A date (YYYY-MM-DD) or a time as days since 1970-01-01: its place in time.
  function day(moment) {
    return Date.parse(moment.length === 10 ? moment + "T00:00:00Z" : moment) / DAY;
  }

  // A place in time as people read it: its date, and its time of day where `withTime`.
  function dateOf(days, withTime) {
    const options = { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Amsterdam" };
    if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
    return new Intl.DateTimeFormat(LOCALE, options).format(new Date(days * DAY));
  }

  function written(value, percent) {
    return NUMBER.format(value) + (percent ? PERCENT : "");
  }

  // The series' rows: one group per value column, or per distinct value of the series column.
  function groups(figure) {
    const chart = figure.chart;
    if (!chart.series) {
      return chart.values.map((name) => ({
        label: figure.names[name] || name, rows: figure.rows, value: column(figure, name), name,
      }));
    }
    const seriesColumn = column(figure, chart.series);
    const names = [...new Set(figure.rows.map((row) => row[seriesColumn]))];
    return names.map((name) => ({
      label: name,
      rows: figure.rows.filter((row) => row[seriesColumn] === name),
      value: column(figure, chart.values[0]),
      name: chart.values[0],
    }));
  }

  // One dataset per group, a (summed) value per category with its note; the target as marks.
  function datasets(figure, categories) {
    const chart = figure.chart;
    const sets = groups(figure).map((group, index) => {
      const rows = categories.map((c) => group.rows.filter((row) => category(figure, row) === c));
      return {
        label: group.label,
        data: rows.map((some) => total(some, group.value)),
        notes: rows.map((some) => noteOf(figure, some, group.name)),
        yAxisID: chart.second_axis && index > 0 ? "y1" : undefined,
      };
    });
    if (chart.target) {
      const index = column(figure, chart.target);
      sets.push({
        label: figure.names[chart.target] || chart.target,
        type: "line",
        data: categories.map((c) => total(figure.rows.filter((row) => category(figure, row) === c), index)),
        showLine: false,
        pointStyle: "line",
        rotation: chart.horizontal ? 90 : 0,
        pointRadius: 11,
        pointHoverRadius: 13,
        pointBorderWidth: 3,
        target: true,
        order: -1,  // drawn over the bars
      });
    }
    return sets;
  }

  // "(N = 3)", or "(N = 2–3)" when N changes over the points.
  function counted(points) {
    const counts = points.map((p) => Number(p.n));
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    return low === high ? ` (N = ${NUMBER.format(low)})` : ` (N = ${NUMBER.format(low)}–${NUMBER.format(high)})`;
  }

  // On a time axis: one point per row at its moment, with its N (the count column) if any.
  function timeDatasets(figure) {
    const count = figure.chart.count ? column(figure, figure.chart.count) : -1;
    return groups(figure).map((group) => {
      const points = group.rows.map((row) => ({
        x: day(category(figure, row)),
        y: total([row], group.value),
        n: count >= 0 ? row[count] : null,
      }));
      const label = group.label + (count >= 0 ? counted(points) : "");
      return {
        label: label,
        series: group.label,
        data: points,
        notes: group.rows.map((row) => noteOf(figure, [row], group.name)),
      };
    });
  }

  // Whether two of the moments fall on one day: then the ticks say the time of day too.
  function sameDay(moments) {
    const days = moments.map((m) => dateOf(m, false));
    return new Set(days).size < days.length;
  }

  // A linear axis in days whose ticks are the figure's own moments, each a readable date.
  function timeAxis(figure) {
    const moments = [...new Set(figure.categories.map(day))].sort((a, b) => a - b);
    const low = moments[0];
    const high = moments[moments.length - 1];
    const margin = Math.max(1, (high - low) * 0.03);  // one moment: a day either side of it
    const withTime = sameDay(moments);
    return {
      type: "linear",
      min: low - margin,
      max: high + margin,
      title: { display: Boolean(figure.chart.category_axis), text: figure.chart.category_axis },
      afterBuildTicks: (axis) => { axis.ticks = moments.map((value) => ({ value: value })); },
      ticks: { callback: (value) => dateOf(value, withTime), maxRotation: 45 },
    };
  }

  // Writes each bar's value beside it with its note (its N, or "+ PM"), and a line's last
  // value right of its last point, so a value of 0 reads as 0 rather than as no data.
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
        if (meta.hidden || set.target) return;
        const shown = options.line ? meta.data.slice(-1) : meta.data;
        shown.forEach((element) => {
          const at = meta.data.indexOf(element);
          const value = set.data[at];
          if (value === null || value === undefined) return;
          const note = set.notes && set.notes[at] ? " " + set.notes[at] : "";
          const text = written(options.line ? value.y : value, options.percent) + note;
          if (beside) context.fillText(text, element.x + 6, element.y);
          else context.fillText(text, element.x, element.y - 2);
        });
      });
      context.restore();
    },
  };

  function valueAxis(title, percent) {
    return {
      beginAtZero: true,
      title: { display: Boolean(title), text: title },
      ticks: { callback: (value) => NUMBER.format(value) },
      ...(percent ? { min: 0, max: 100 } : {}),
    };
  }

  // The figure narrowed to the rows whose `choose` column is `value`: one series, named by it.
  function narrowed(figure, value) {
    const index = column(figure, figure.chart.choose);
    const kept = figure.rows.map((row, at) => (row[index] === value ? at : -1)).filter((at) => at >= 0);
    const notes = {};
    Object.entries(figure.notes).forEach(([name, all]) => { notes[name] = kept.map((at) => all[at]); });
    return {
      ...figure,
      chart: { ...figure.chart, series: figure.chart.choose },
      rows: kept.map((at) => figure.rows[at]),
      categories: kept.map((at) => figure.categories[at]),
      notes: notes,
    };
  }

  // A figure with a choice draws the chosen value's rows, and again when another is chosen.
  function drawChosen(figure) {
    const select = document.getElementById("choose-" + figure.id);
    const redraw = () => {
      const drawn = Chart.getChart(document.getElementById("chart-" + figure.id));
      if (drawn) drawn.destroy();
      draw(narrowed(figure, select.value));
    };
    select.addEventListener("change", redraw);
    redraw();
  }

  function draw(figure) {
    const canvas = document.getElementById("chart-" + figure.id);
    const chart = figure.chart;
    const categories = [...new Set(figure.categories)];
    const sets = (chart.time ? timeDatasets(figure) : datasets(figure, categories))
      .map((set, index) => ({
        ...set,
        backgroundColor: set.target ? TARGET_COLOUR : PALETTE[index % PALETTE.length],
        borderColor: set.target ? TARGET_COLOUR : PALETTE[index % PALETTE.length],
        ...(chart.target && !set.target ? { pointStyle: "rect" } : {}),  // its legend swatch
      }));
    const values = chart.horizontal ? "x" : "y";
    const categoryAxis = chart.horizontal ? "y" : "x";
    const scales = {
      [categoryAxis]: chart.time ? timeAxis(figure) : {
        stacked: chart.stacked,
        title: { display: Boolean(chart.category_axis), text: chart.category_axis },
      },
      [values]: { ...valueAxis(chart.axis, chart.percent), stacked: chart.stacked },
    };
    if (chart.second_axis) {
      const second = chart.values[1];
      scales.y1 = { ...valueAxis(figure.names[second] || second, false),
                    position: "right", grid: { drawOnChartArea: false } };
    }
    if (chart.horizontal) {  // room for every bar's name and written value: 14 px a bar at least
      const bars = Math.max(...categories.map((c) => figure.categories.filter((k) => k === c).length));
      const slot = chart.series && !chart.stacked ? 17 * bars + 8 : 24;
      canvas.parentElement.style.height = Math.max(300, slot * categories.length + 100) + "px";
    }
    const tooltip = {
      callbacks: chart.time ? {
        title: (items) => dateOf(items[0].parsed.x, true),
        label: (item) => `${item.dataset.series}: ${written(item.parsed.y, chart.percent)}`
          + (item.raw.n === null ? "" : ` (N = ${NUMBER.format(item.raw.n)})`),
      } : {
        label: (item) => `${item.dataset.label}: `
          + written(item.parsed[values === "x" ? "x" : "y"], chart.percent && !item.dataset.yAxisID)
          + (item.dataset.notes && item.dataset.notes[item.dataIndex] ? " " + item.dataset.notes[item.dataIndex] : ""),
      },
    };
    new Chart(canvas, {
      type: chart.kind === "line" ? "line" : "bar",
      data: chart.time ? { datasets: sets } : { labels: categories, datasets: sets },
      options: {
        locale: LOCALE,
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        skipNull: true,  // a category without a series' value leaves no empty slot
        categoryPercentage: chart.series && !chart.stacked ? 0.95 : 0.8,
        barPercentage: chart.series && !chart.stacked ? 0.95 : 0.9,
        scales: scales,
        layout: { padding: { right: chart.show_values && (chart.horizontal || chart.kind === "line") ? 120 : 0,
                             top: chart.show_values ? 16 : 0 } },
        elements: { point: { radius: 4 } },
        clip: false,  // a point at 0 or 100 % is drawn whole, not cut in half by the axis
        plugins: {
          legend: {  // in the datasets' order, whichever is drawn on top
            position: "bottom",
            labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex, usePointStyle: Boolean(chart.target) },
          },
          tooltip: tooltip,
          ndsgraphValues: {
            show: chart.show_values,
            horizontal: chart.horizontal,
            line: chart.kind === "line",
            percent: chart.percent,
          },
        },
      },
      plugins: [VALUES],
    });
  }

  figures.forEach((figure) => (figure.chart.choose ? drawChosen(figure) : draw(figure)));
})();
