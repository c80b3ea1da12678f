// Placeholder while the page is written in parallel; replaced by the page itself.
export default function UsagePage() {
  return <h1>UsagePage</h1>;
}
