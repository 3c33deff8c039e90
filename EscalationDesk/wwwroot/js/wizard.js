// Next and Back: the new step starts at the top of the page with its heading focused.
window.escalationDesk = window.escalationDesk || {};
window.escalationDesk.focusStepHeading = function (step) {
    const heading = document.querySelector(`[data-step-heading="${step}"]`);
    window.scrollTo({ top: 0 });
    if (heading) heading.focus({ preventScroll: true });
};

// What a crash can take: text typed into a draft's fields that the server never acknowledged (the last second before the
// process died, or everything typed while the connection was down). Kept per draft in this tab's sessionStorage until the
// page says "Saved"; when the wizard opens again after a reload it asks for what was lost (takeUnsavedEdits) and can put
// it back (restoreUnsavedEdits). Only text fields: a tick or a choice is one click to redo.
(function () {
    const prefix = "escalationDesk.unsaved:";
    // Input events reach the server within milliseconds while it is connected; an edit older than this when "Saved"
    // shows was part of that save.
    const acknowledgedAfterMs = 1000;
    const key = () => prefix + location.pathname;
    const isDraftPage = () => /^\/escalations\/\d+\/edit$/.test(location.pathname);

    function read() {
        try { return JSON.parse(sessionStorage.getItem(key()) || "{}"); } catch { return {}; }
    }
    function write(fields) {
        try {
            if (Object.keys(fields).length === 0) sessionStorage.removeItem(key());
            else sessionStorage.setItem(key(), JSON.stringify(fields));
        } catch { /* storage full or disabled: nothing to offer back, the save state still tells the truth */ }
    }
    function labelOf(field) {
        // "Summary*": a required field's mark is no part of its name.
        return field.labels && field.labels.length > 0 ? field.labels[0].textContent.trim().replace(/\s*\*$/, "") : null;
    }
    function textFields() {
        return [...document.querySelectorAll("[data-draft-field] input, [data-draft-field] textarea, input[data-draft-field], textarea[data-draft-field]")]
            .filter(f => !(f instanceof HTMLInputElement) || ["text", "search", "url", "email", "tel", "number", ""].includes(f.type));
    }

    document.addEventListener("input", event => {
        const field = event.target;
        if (!isDraftPage() || !(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
        if (!field.closest("[data-draft-field]") || !textFields().includes(field)) return;
        const label = labelOf(field);
        if (!label) return;
        const fields = read();
        const now = Date.now();
        fields[label] = { value: field.value, since: fields[label]?.since ?? now, at: now };
        write(fields);
    }, true);

    new MutationObserver(() => {
        const state = document.querySelector("[data-save-state]");
        if (!isDraftPage() || !state || state.getAttribute("data-save-state") !== "Saved") return;
        const fields = read();
        const now = Date.now();
        for (const label of Object.keys(fields)) {
            // An edit of the last moment may or may not be in this save: if it is lost, it is lost from its last keystroke.
            if (fields[label].at < now - acknowledgedAfterMs) delete fields[label];
            else fields[label].since = fields[label].at;
        }
        write(fields);
    }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-save-state"] });

    window.escalationDesk = window.escalationDesk || {};
    // The edits whose text differs from what the reloaded page shows: { since: epoch ms, fields: [{ label, value }] }, or null.
    // A field of another step is not on the page to compare with, so it counts as lost: better one needless warning than
    // a silent loss.
    window.escalationDesk.takeUnsavedEdits = function () {
        const fields = read();
        write({});
        const shown = new Map(textFields().map(f => [labelOf(f), f.value]));
        const lost = Object.entries(fields).filter(([label, edit]) => shown.get(label) !== edit.value)
            .sort(([, a], [, b]) => a.since - b.since);
        if (lost.length === 0) return null;
        return { since: Math.min(...lost.map(([, edit]) => edit.since)), fields: lost.map(([label, edit]) => ({ label, value: edit.value })) };
    };
    // Puts the lost text back into the fields of this step as if typed, so the wizard saves it; returns the labels it filled.
    window.escalationDesk.restoreUnsavedEdits = function (edits) {
        const byLabel = new Map(textFields().map(f => [labelOf(f), f]));
        const restored = [];
        for (const edit of edits) {
            const field = byLabel.get(edit.label);
            if (!field) continue;
            field.value = edit.value;
            field.dispatchEvent(new Event("input", { bubbles: true }));
            field.dispatchEvent(new Event("change", { bubbles: true }));
            restored.push(edit.label);
        }
        return restored;
    };
})();
