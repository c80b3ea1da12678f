// Placeholder while the page is written in parallel; replaced by the page itself.
export default function AuditPage() {
  return <h1>AuditPage</h1>;
}
