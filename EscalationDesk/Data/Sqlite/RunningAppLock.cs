namespace EscalationDesk.Data.Sqlite;

// "The app is running on this database file", as a lock on a file beside it (escalationdesk.db.lock). Every running app
// holds a shared lock for as long as it runs (several may share one file); a restore takes it exclusively, so it is
// refused while any app runs and an app cannot start in the middle of a restore. The operating system drops the lock when
// the process ends, however it ends (kill -9 included), so a crash never leaves a stale "running" behind. .NET takes these
// locks with flock(2) on Linux and macOS (FileShare.None exclusive, otherwise shared) and with share modes on Windows.
public sealed class RunningAppLock : IDisposable
{
    private readonly FileStream _file;

    private RunningAppLock(FileStream file) => _file = file;

    public static string PathFor(string databasePath) => databasePath + ".lock";

    // Held by the running app; null when a restore holds the database.
    public static RunningAppLock? TryHoldShared(string databasePath) => TryOpen(databasePath, FileShare.ReadWrite);

    // Held by a restore; null while an app runs on the database.
    public static RunningAppLock? TryHoldExclusive(string databasePath) => TryOpen(databasePath, FileShare.None);

    private static RunningAppLock? TryOpen(string databasePath, FileShare share)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(databasePath)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        try
        {
            return new RunningAppLock(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, share));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
