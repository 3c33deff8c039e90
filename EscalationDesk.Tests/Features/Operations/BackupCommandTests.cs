using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Data.Sqlite;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Operations;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Operations;

// backup / restore of a SQLite database file (the app's default engine; on PostgreSQL they point to pg_dump/pg_restore).
// These work on SQLite files on both test runs.
public sealed class BackupCommandTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.SqliteFile();
    private readonly string _folder = Directory.CreateTempSubdirectory("escalationdesk-backup-").FullName;

    private string DatabasePath => _db.Path!;
    private SqliteDatabase Database => new($"Data Source={DatabasePath}");

    [Fact]
    public async Task A_backup_taken_while_another_connection_writes_has_every_row_committed_before_it_and_the_evidence()
    {
        var evidence = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();
        await using (var db = _db.CreateDbContext())
        {
            var escalation = new Escalation { Status = EscalationStatus.Draft, Owner = "A", OwnerId = "a", ReportedBy = "A", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, Version = 1 };
            db.Escalations.Add(escalation);
            await db.SaveChangesAsync();
            db.Attachments.Add(new EvidenceAttachment { EscalationId = escalation.Id, FileName = "trace.har", ContentType = "application/json", Size = evidence.Length, Data = evidence, UploadedAt = DateTime.UtcNow, UploadedBy = "A" });
            await db.SaveChangesAsync();
        }

        var committed = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var db = _db.CreateDbContext();
                db.Accounts.Add(new Account { Name = $"Customer {committed}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
                Interlocked.Increment(ref committed);
            }
        });
        while (Volatile.Read(ref committed) < 100) await Task.Delay(10);

        var before = Volatile.Read(ref committed);
        var target = Path.Combine(_folder, "desk-backup.db");
        var (code, output) = await RunAsync(Database, "backup", "--to", target);
        var after = Volatile.Read(ref committed);
        await stop.CancelAsync();
        await writer;

        Assert.Equal(0, code);
        Assert.Contains(target, output);
        Assert.Contains($"{new FileInfo(target).Length:N0} bytes", output);
        Assert.True(after > before, "the writer kept writing during the backup");
        var copied = Scalar(target, "SELECT count(*) FROM Accounts");
        Assert.InRange(copied, before, after);
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(target));
        // One self-contained file, whose evidence bytes are those uploaded, and which the app opens with nothing to migrate.
        Assert.Equal("delete", (string)ScalarObject(target, "PRAGMA journal_mode")!);
        Assert.Equal(evidence, (byte[])ScalarObject(target, "SELECT Data FROM Attachments")!);
        var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        new SqliteDatabase($"Data Source={target}").ConfigureDbContext(options);
        await using (var copy = new EscalationDeskDbContext(options.Options))
            Assert.Empty(await copy.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_backup_does_not_overwrite_a_file_unless_forced()
    {
        var target = Path.Combine(_folder, "kept.db");
        await File.WriteAllTextAsync(target, "an older backup");
        var (code, output) = await RunAsync(Database, "backup", "--to", target);
        Assert.Equal(1, code);
        Assert.Contains("--force", output);
        Assert.Equal("an older backup", await File.ReadAllTextAsync(target));

        (code, _) = await RunAsync(Database, "backup", "--to", target, "--force");
        Assert.Equal(0, code);
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(target));
    }

    [Fact]
    public async Task Restore_puts_the_backup_back_and_keeps_the_current_database_beside_it()
    {
        await AddAccountAsync("In the backup");
        var backup = Path.Combine(_folder, "b.db");
        Assert.Equal(0, (await RunAsync(Database, "backup", "--to", backup)).Code);
        await AddAccountAsync("Added after the backup");
        SqliteConnection.ClearAllPools();

        var (code, output) = await RunAsync(Database, "restore", "--from", backup);
        Assert.Equal(0, code);
        Assert.Contains(".before-restore", output);
        Assert.Equal(["In the backup"], Names(DatabasePath));
        Assert.Equal(["Added after the backup", "In the backup"], Names(DatabasePath + ".before-restore"));
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(DatabasePath));

        // A second restore would replace that kept copy: only when asked to.
        (code, output) = await RunAsync(Database, "restore", "--from", backup);
        Assert.Equal(1, code);
        Assert.Contains("--force", output);
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_an_EscalationDesk_database_and_leaves_the_database_alone()
    {
        await AddAccountAsync("Still here");
        var text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(text, "not a database at all, but long enough to have a header's worth of bytes");
        var other = Path.Combine(_folder, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Things (Id INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var (code, output) = await RunAsync(Database, "restore", "--from", text);
        Assert.Equal(1, code);
        Assert.Contains("is not a SQLite database", output);
        (code, output) = await RunAsync(Database, "restore", "--from", other);
        Assert.Equal(1, code);
        Assert.Contains("not EscalationDesk's", output);
        (code, output) = await RunAsync(Database, "restore", "--from", Path.Combine(_folder, "missing.db"));
        Assert.Equal(1, code);
        Assert.Equal(["Still here"], Names(DatabasePath));
        Assert.False(File.Exists(DatabasePath + ".before-restore"));
    }

    [Fact]
    public async Task Restore_is_refused_while_the_app_runs_on_the_database_and_works_once_it_has_stopped()
    {
        await using var app = await AppProcess.LaunchAsync();
        var backup = Path.Combine(_folder, "live.db");
        var (code, output) = await app.RunCommandAsync(["backup", "--to", backup]);
        Assert.True(code == 0, output);
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(backup));

        (code, output) = await app.RunCommandAsync(["restore", "--from", backup]);
        Assert.True(code == 1, output);
        Assert.Contains("the app is running", output);
        Assert.False(File.Exists(app.DatabasePath + ".before-restore"));

        // Killed, not stopped: the operating system drops the app's lock with the process.
        app.Kill();
        (code, output) = await app.RunCommandAsync(["restore", "--from", backup]);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(app.DatabasePath + ".before-restore"));
        File.Delete(app.DatabasePath + ".before-restore");
        File.Delete(RunningAppLock.PathFor(app.DatabasePath));
    }

    [Fact]
    public async Task On_PostgreSQL_the_commands_point_to_pg_dump_and_pg_restore()
    {
        var postgres = new PostgresDatabase("Host=127.0.0.1;Database=unused;Username=unused");
        var (code, output) = await RunAsync(postgres, "backup", "--to", Path.Combine(_folder, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains("pg_dump -Fc", output);
        (code, output) = await RunAsync(postgres, "restore", "--from", Path.Combine(_folder, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains("pg_restore --clean --if-exists -d", output);
        Assert.False(File.Exists(Path.Combine(_folder, "x.db")));
    }

    private static async Task<(int Code, string Output)> RunAsync(IDatabaseProvider database, params string[] args)
    {
        var output = new StringWriter();
        var code = await BackupCommand.RunAsync(database, BackupCommand.Parse(args)!, output);
        return (code, output.ToString());
    }

    private async Task AddAccountAsync(string name)
    {
        await using var db = _db.CreateDbContext();
        db.Accounts.Add(new Account { Name = name, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    private static List<string> Names(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM Accounts ORDER BY Name";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static long Scalar(string path, string sql) => (long)ScalarObject(path, sql)!;

    private static object? ScalarObject(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { DatabasePath + ".before-restore", RunningAppLock.PathFor(DatabasePath) }) File.Delete(file);
        _db.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
