// Progressive enhancement only: every page works without it.
// Forms marked data-confirm ask before they post (revoke, disable).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
// A page marked data-refresh="<seconds>" (a report being generated) reloads itself until done.
// No top-level names: a document that runs this script twice must not clash.
for (const marker of document.querySelectorAll('[data-refresh]')) setTimeout(() => window.location.reload(), Number(marker.dataset.refresh) * 1000);
