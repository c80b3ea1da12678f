// Placeholder while the page is written in parallel; replaced by the page itself.
export default function UsersPage() {
  return <h1>UsersPage</h1>;
}
