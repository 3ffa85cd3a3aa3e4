/**
 * A QR code drawn here, in the browser: the `qr` library turns the text into modules and each
 * dark module becomes an SVG rect. The secret never goes to a QR service. The library loads with
 * the first code shown, not with the console.
 */
import { useEffect, useState } from 'preact/hooks';

export function Qr({ text, label }: { text: string; label: string }) {
  const [modules, setModules] = useState<boolean[][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qr')
      .then(({ encodeQR }) => live && setModules(encodeQR(text, 'raw', { ecc: 'medium' })))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [text]);
  if (error) return <p class="error">The QR code could not be drawn ({error}); type the key instead.</p>;
  if (!modules) return <p class="muted">Drawing the QR code…</p>;
  const size = modules.length;
  // The library's matrix has a 2-module border; scanners want 4.
  const quiet = 2;
  return (
    <svg class="qr-code" role="img" aria-label={label} viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`} width="200" height="200" shape-rendering="crispEdges">
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      {modules.flatMap((row, y) => row.map((dark, x) => (dark ? <rect key={`${x},${y}`} x={x} y={y} width="1" height="1" fill="#000" /> : null)))}
    </svg>
  );
}
