using EscalationDesk.Data;
using EscalationDesk.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Operations;

// dotnet run --project EscalationDesk -- backup --to PATH [--force]
//                                        restore --from PATH [--force]
// On SQLite: a consistent copy of the database file while the app runs, and putting a copy back while it does not. Evidence
// files are rows of the database (EvidenceAttachments.Data), as are users, settings and the data-protection keys, so the
// one file is the whole backup. On PostgreSQL the commands say to use pg_dump and pg_restore (README, "Deploying").
public sealed record BackupCommand(string Action, string? Path, bool Force)
{
    public const string Usage = """
        Usage:
          backup --to PATH [--force]     a consistent copy of the SQLite database, taken while the app runs
          restore --from PATH [--force]  puts a copy back (the app must be stopped); the current database is kept as DATABASE.before-restore
        """;

    public const string PostgresAdvice = """
        On PostgreSQL, back up and restore with PostgreSQL's own tools (README, "Deploying"):
          pg_dump -Fc -d "$DATABASE" -f escalationdesk.dump
          pg_restore --clean --if-exists -d "$DATABASE" escalationdesk.dump
        """;

    public static BackupCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore")) return null;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new BackupCommand(args[0], Value(args[0] == "backup" ? "--to" : "--from"), args.Contains("--force"));
    }

    public static async Task<int> RunAsync(IDatabaseProvider database, BackupCommand command, TextWriter output)
    {
        if (database is not SqliteDatabase sqlite)
        {
            await output.WriteLineAsync(PostgresAdvice);
            return 2;
        }
        if (command.Path is not { Length: > 0 } path)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        if (sqlite.Location.StartsWith(':') || sqlite.Location.Length == 0)
        {
            await output.WriteLineAsync("The database is in memory: there is no file to back up or restore.");
            return 2;
        }
        path = System.IO.Path.GetFullPath(path);
        return command.Action == "backup" ? await BackupAsync(sqlite, path, command.Force, output) : await RestoreAsync(sqlite, path, command.Force, output);
    }

    private static async Task<int> BackupAsync(SqliteDatabase database, string path, bool force, TextWriter output)
    {
        if (!File.Exists(database.Location))
        {
            await output.WriteLineAsync($"There is no database at {database.Location} to back up.");
            return 1;
        }
        if (File.Exists(path) && !force)
        {
            await output.WriteLineAsync($"{path} already exists; add --force to overwrite it.");
            return 1;
        }
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var temporary = path + ".new";
        SqliteBackup.DeleteWithJournals(temporary);
        var size = SqliteBackup.Copy(database.Location, temporary);
        File.Move(temporary, path, overwrite: true);
        await output.WriteLineAsync($"Backed up {database.Location} to {path} ({size:N0} bytes; integrity_check ok).");
        await output.WriteLineAsync("Evidence files are stored in the database, so they are in this file too.");
        return 0;
    }

    private static async Task<int> RestoreAsync(SqliteDatabase database, string path, bool force, TextWriter output)
    {
        if (SqliteBackup.WhyNotAnEscalationDeskDatabase(path) is { } problem)
        {
            await output.WriteLineAsync($"Nothing was restored: {problem}");
            return 1;
        }
        var known = KnownMigrations(database);
        if (SqliteBackup.AppliedMigrations(path).Except(known).ToList() is [var newer, ..])
        {
            await output.WriteLineAsync($"Nothing was restored: {path} was made by a newer version of the app (its migration {newer} is unknown to this one).");
            return 1;
        }
        using var held = RunningAppLock.TryHoldExclusive(database.Location);
        if (held is null)
        {
            await output.WriteLineAsync($"Nothing was restored: the app is running on {database.Location}. Stop it (systemctl stop escalationdesk), then restore.");
            return 1;
        }
        var before = database.Location + ".before-restore";
        if (File.Exists(before) && !force)
        {
            await output.WriteLineAsync($"Nothing was restored: {before} is there from an earlier restore; move it away or add --force to replace it.");
            return 1;
        }

        // The restored copy is made and checked beside the database first, so the database is replaced only by a good file.
        var incoming = database.Location + ".restoring";
        SqliteBackup.DeleteWithJournals(incoming);
        SqliteBackup.Copy(path, incoming);
        if (File.Exists(database.Location))
        {
            SqliteBackup.DeleteWithJournals(before);
            SqliteBackup.Copy(database.Location, before);
            await output.WriteLineAsync($"The current database is kept as {before}.");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SqliteBackup.DeleteWithJournals(database.Location);
        File.Move(incoming, database.Location);
        await output.WriteLineAsync($"Restored {path} to {database.Location} ({new FileInfo(database.Location).Length:N0} bytes). " +
            "Start the app: it applies any newer migrations to it.");
        return 0;
    }

    private static IReadOnlyList<string> KnownMigrations(SqliteDatabase database)
    {
        var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        database.ConfigureDbContext(options);
        using var db = new EscalationDeskDbContext(options.Options);
        return db.Database.GetMigrations().ToList();
    }
}

public static class RunningApp
{
    // The shared half of RunningAppLock, kept until the app has stopped.
    public static void HoldRunningAppLock(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IDatabaseProvider>() is not SqliteDatabase { Location: var path } || !System.IO.Path.IsPathRooted(path)) return;
        var held = RunningAppLock.TryHoldShared(path)
            ?? throw new DatabaseSettingException($"{path} is being restored (restore --from holds {RunningAppLock.PathFor(path)}); start the app when it has finished.");
        app.Lifetime.ApplicationStopped.Register(held.Dispose);
    }
}
