// Placeholder while the page is written in parallel; replaced by the page itself.
export default function ExportsPage() {
  return <h1>ExportsPage</h1>;
}
