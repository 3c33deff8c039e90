// Downloads a file with fetch so the page can show progress and a clear message when the server refuses.
window.escalationDesk = window.escalationDesk || {};
window.escalationDesk.download = async function (url) {
    let response;
    try {
        response = await fetch(url, { credentials: "same-origin" });
    } catch (e) {
        return "The server could not be reached: " + e.message;
    }
    if (!response.ok) {
        let detail = response.statusText;
        try {
            const problem = await response.json();
            detail = problem.detail || problem.title || detail;
        } catch { /* not a problem document */ }
        return response.status + " " + detail;
    }
    const disposition = response.headers.get("content-disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : "download";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    return null;
};
