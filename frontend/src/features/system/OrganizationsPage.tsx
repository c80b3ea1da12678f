// Placeholder while the page is written in parallel; replaced by the page itself.
export default function OrganizationsPage() {
  return <h1>OrganizationsPage</h1>;
}
