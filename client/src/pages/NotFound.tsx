export function NotFound() {
  return (
    <section class="empty">
      <h1>Nothing here</h1>
      <p>
        <a href="/chats">Back to your chats</a>
      </p>
    </section>
  );
}
