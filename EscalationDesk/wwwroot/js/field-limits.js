// The browser only limits what is typed or pasted to a field's maxlength; a script or an extension can set any value.
// Cut such a value before Blazor sends it: one over the circuit's message limit would drop the connection and the text.
document.addEventListener("input", event => {
    const field = event.target;
    if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)
        && field.maxLength > 0 && field.value.length > field.maxLength) {
        field.value = field.value.slice(0, field.maxLength);
    }
}, true);
