// What the browser checks of one drawn map, shared by svg-check.mjs (an SVG
// file) and site-check.mjs (maps inlined in a built site). `inspectMap` runs
// in the page: pass it to page.evaluate as source, `(${inspectMap})(svg, …)`,
// so it must use nothing from outside its own body.
//
// - every text lies inside the box it belongs to (the first <rect> child of
//   its nearest group that has one), by the browser's own text measurement;
// - no two cards (class `card`) overlap;
// - no active content (scripts, foreignObject, event handlers);
// - with `contrast`: every text's colour, as the browser computes it (the
//   map's own styles and the site's theme applied), meets WCAG AA against
//   the fill it is drawn on (its box, or the box around that, or the map's
//   background): 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
export function inspectMap(svg, tolerance, contrast) {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const inside = (a, b) =>
    a.left >= b.left - tolerance && a.right <= b.right + tolerance && a.top >= b.top - tolerance && a.bottom <= b.bottom + tolerance;
  const overlap = (a, b) =>
    a.left < b.right - tolerance && b.left < a.right - tolerance && a.top < b.bottom - tolerance && b.top < a.bottom - tolerance;
  const describe = (el) => `${el.closest("[id]")?.id ?? "?"} "${(el.textContent || "").trim().slice(0, 40)}"`;
  const boxOf = (el) => {
    let group = el.parentElement;
    while (group && group !== svg && !(group.tagName === "g" && group.firstElementChild?.tagName === "rect")) {
      group = group.parentElement;
    }
    return group && group !== svg ? group : null;
  };
  const rgb = (color) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color || "");
    if (!m) return null;
    if (m[4] !== undefined && Number(m[4]) === 0) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a, b) => {
    const [la, lb] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (la + 0.05) / (lb + 0.05);
  };
  const background = svg.querySelector("rect.background");
  const canvas = rgb(getComputedStyle(background).fill);
  const backdrop = (text) => {
    for (let group = boxOf(text); group; group = boxOf(group)) {
      const fill = rgb(getComputedStyle(group.firstElementChild).fill);
      if (fill) return fill;
    }
    return canvas;
  };
  const texts = [...svg.querySelectorAll("text")].filter((t) => (t.textContent || "").trim() !== "");
  let lowest = Infinity;
  for (const text of texts) {
    const group = boxOf(text);
    if (!group) {
      problems.push(`text outside any box: ${describe(text)}`);
      continue;
    }
    const rect = box(group.firstElementChild);
    const measured = box(text);
    if (measured.width > 0 && !inside(measured, rect)) {
      problems.push(
        `text overflows its box: ${describe(text)} text=[${measured.left.toFixed(1)},${measured.top.toFixed(1)} ${measured.width.toFixed(1)}x${measured.height.toFixed(1)}] box=[${rect.left.toFixed(1)},${rect.top.toFixed(1)} ${rect.width.toFixed(1)}x${rect.height.toFixed(1)}]`,
      );
    }
    if (contrast) {
      const style = getComputedStyle(text);
      const ink = rgb(style.fill);
      const under = backdrop(text);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      const got = ink && under ? ratio(ink, under) : 0;
      lowest = Math.min(lowest, got);
      if (got < need) problems.push(`contrast ${got.toFixed(2)} < ${need}: ${describe(text)} ${style.fill} on rgb(${under})`);
    }
  }
  const cards = [...svg.querySelectorAll(".card")];
  const boxes = cards.map(box);
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      if (overlap(boxes[i], boxes[j])) problems.push(`cards overlap: ${cards[i].id || i} and ${cards[j].id || j}`);
    }
  }
  const active = svg.querySelectorAll("script, foreignObject, [onload], [onclick]").length;
  if (active > 0) problems.push(`${active} active elements`);
  if (texts.length === 0 || cards.length === 0) problems.push("no texts or no cards: not a journey map?");
  return { id: svg.id, texts: texts.length, cards: cards.length, lowest, dark: canvas ? luminance(canvas) < 0.2 : null, problems };
}
