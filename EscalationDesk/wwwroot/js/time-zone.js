// The browser's IANA time zone (America/New_York), so a new user's profile starts in the zone they live in.
window.escalationDesk = window.escalationDesk || {};
window.escalationDesk.timeZone = function () {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch {
        return null;
    }
};
