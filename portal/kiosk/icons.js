/**
 * The kiosk's pictures: simple line drawings in the text's colour, drawn here rather than taken from a font, so that
 * they show on any kiosk whatever fonts it has (emoji fonts are often missing). Decorative: each sits beside words.
 */
const SVG = 'http://www.w3.org/2000/svg';

const SHAPES = {
  card: [['rect', { x: 2, y: 5, width: 20, height: 14, rx: 2 }], ['path', { d: 'M2 10h20M6 15h5' }]],
  camera: [['path', { d: 'M3 8h4l2-3h6l2 3h4v11H3z' }], ['circle', { cx: 12, cy: 13, r: 3.5 }]],
  taxi: [['path', { d: 'M3 16v-4l2-5h14l2 5v4zM9 4h6v3H9z' }], ['circle', { cx: 7, cy: 17, r: 2 }], ['circle', { cx: 17, cy: 17, r: 2 }], ['path', { d: 'M5 12h14' }]],
  pass: [['rect', { x: 3, y: 3, width: 7, height: 7 }], ['rect', { x: 14, y: 3, width: 7, height: 7 }], ['rect', { x: 3, y: 14, width: 7, height: 7 }], ['path', { d: 'M14 14h3v3h-3zM18 18h3v3h-3zM14 20h2M20 14v2' }]],
  place: [['path', { d: 'M12 22s7-7 7-12a7 7 0 0 0-14 0c0 5 7 12 7 12z' }], ['circle', { cx: 12, cy: 10, r: 2.5 }]],
  finish: [['path', { d: 'M4 12l5 5L20 6' }]],
  no: [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
  next: [['path', { d: 'M4 12h15M13 6l6 6-6 6' }]],
};

export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [attribute, value] of Object.entries({ viewBox: '0 0 24 24', class: 'kiosk-icon', 'aria-hidden': 'true', focusable: 'false', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })) {
    svg.setAttribute(attribute, value);
  }
  for (const [tag, attributes] of SHAPES[name]) {
    const shape = document.createElementNS(SVG, tag);
    for (const [attribute, value] of Object.entries(attributes)) shape.setAttribute(attribute, String(value));
    svg.append(shape);
  }
  return svg;
}
