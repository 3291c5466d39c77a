// The one scaffold of every chart: a Svelte action that draws into its element once the page is
// mounted in the browser (charts are not prerendered), then again whenever its parameters change —
// the data, or the width of the figure (bound with bind:clientWidth).
//   <div use:dessin={{ largeur, trace: (l) => graphique(points, l) }}></div>
// `trace(largeur)` returns the node(s) to show, or nothing.

/** @param {HTMLElement} node @param {{ largeur: number, trace: (largeur: number) => Node | Node[] | null | undefined }} p */
export function dessin(node, p) {
	const dessiner = ({ largeur, trace }) => {
		if (!(largeur > 0)) return;
		node.replaceChildren(...[trace(largeur)].flat().filter(Boolean));
	};
	dessiner(p);
	return { update: dessiner };
}
