// Placeholder while the page is written in parallel; replaced by the page itself.
export default function TemplatesPage() {
  return <h1>TemplatesPage</h1>;
}
