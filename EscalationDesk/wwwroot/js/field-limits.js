// The browser only limits what is typed or pasted to a field's maxlength; a script or an extension can set any value.
// Cut such a value before Blazor sends it: one over the circuit's message limit would drop the connection and the text.
document.addEventListener("input", event => {
    const field = event.target;
    if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)
        && field.maxLength > 0 && field.value.length > field.maxLength) {
        field.value = field.value.slice(0, field.maxLength);
    }
}, true);

// What the user types into a draft's field is theirs before the server has it: until the server answers (its next render
// sets the state again), the save state must not keep saying "Saved" — it cannot be true while the connection is down.
document.addEventListener("input", event => {
    const state = document.querySelector("[data-save-state]");
    if (state && event.target instanceof Element && event.target.closest("[data-draft-field]") && state.getAttribute("data-save-state") === "Saved") {
        state.setAttribute("data-save-state", "Pending");
    }
}, true);
