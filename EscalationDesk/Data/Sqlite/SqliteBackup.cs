using Microsoft.Data.Sqlite;

namespace EscalationDesk.Data.Sqlite;

// Copies of a SQLite database file with SQLite's online backup API (https://www.sqlite.org/backup.html): the copy is one
// consistent snapshot (a read transaction of the source), taken while the app keeps reading and writing (WAL mode lets a
// writer go on beside the reader), including what is still in the -wal file. The copy is a single file (journal mode
// DELETE), checked with PRAGMA integrity_check before it is given its name.
public static class SqliteBackup
{
    // Tables every EscalationDesk database has had since its first migration.
    public static readonly IReadOnlyList<string> ExpectedTables = ["__EFMigrationsHistory", "Escalations", "AspNetUsers", "Attachments"];

    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    // Copies source to target (which must not exist); returns the copy's size in bytes. A failed copy leaves no target.
    public static long Copy(string sourcePath, string targetPath)
    {
        var partial = targetPath + ".partial";
        DeleteWithJournals(partial);
        try
        {
            using (var source = Open(sourcePath, SqliteOpenMode.ReadOnly))
            using (var target = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(target);
                Execute(target, "PRAGMA journal_mode=DELETE;");
            }
            if (IntegrityCheck(partial) is var result and not "ok") throw new InvalidDataException($"The copy failed PRAGMA integrity_check: {result}");
            File.Move(partial, targetPath);
            return new FileInfo(targetPath).Length;
        }
        finally
        {
            DeleteWithJournals(partial);
        }
    }

    // Why a file is not an EscalationDesk database (not SQLite, damaged, or without the app's tables); null if it is one.
    public static string? WhyNotAnEscalationDeskDatabase(string path)
    {
        if (!File.Exists(path)) return $"There is no file at {path}.";
        var start = new byte[Header.Length];
        using (var file = File.OpenRead(path))
            if (file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length || !start.AsSpan().SequenceEqual(Header))
                return $"{path} is not a SQLite database.";
        try
        {
            if (IntegrityCheck(path) is var result and not "ok") return $"{path} is damaged (PRAGMA integrity_check: {result}).";
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var reader = command.ExecuteReader())
                while (reader.Read()) tables.Add(reader.GetString(0));
            var missing = ExpectedTables.Where(t => !tables.Contains(t)).ToList();
            return missing.Count == 0 ? null : $"{path} is a SQLite database but not EscalationDesk's (no {string.Join(", ", missing)} table).";
        }
        catch (SqliteException e)
        {
            return $"{path} cannot be read as a SQLite database: {e.Message}";
        }
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    // The migrations recorded in a database file.
    public static IReadOnlyList<string> AppliedMigrations(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    public static void DeleteWithJournals(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
    }

    // Unpooled: a pooled connection would keep the file open after the command, and a restore replaces files.
    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
