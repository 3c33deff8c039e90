// Next and Back: the new step starts at the top of the page with its heading focused.
window.escalationDesk = window.escalationDesk || {};
window.escalationDesk.focusStepHeading = function (step) {
    const heading = document.querySelector(`[data-step-heading="${step}"]`);
    window.scrollTo({ top: 0 });
    if (heading) heading.focus({ preventScroll: true });
};
