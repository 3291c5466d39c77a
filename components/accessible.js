// Plot labels its marks' <g> with aria-label, which ARIA forbids on elements with no role
// (axe-core: aria-prohibited-attr): the chart is one image with one text alternative, the table
// beside it carries the figures.
export function imageAccessible(svg, label) {
	for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
		el.removeAttribute('aria-label');
		el.removeAttribute('aria-description');
	}
	svg.setAttribute('role', 'img');
	if (label) svg.setAttribute('aria-label', label);
	return svg;
}
