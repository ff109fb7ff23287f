// Loaded on every page of the app. After a failed submission the server renders an error summary at the top of the
// form; moving the focus there makes screen readers announce the errors at once (WCAG 3.3.1, error identification)
// and brings the summary into view for everyone. The summary's links lead to the fields.
const summary = document.querySelector('.error-summary');
if (summary instanceof HTMLElement) {
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
  summary.focus();
}

// "Skriv ut" buttons (no inline handlers: the CSP allows only the app's own scripts)
for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
