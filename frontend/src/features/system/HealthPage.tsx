// Placeholder while the page is written in parallel; replaced by the page itself.
export default function HealthPage() {
  return <h1>HealthPage</h1>;
}
