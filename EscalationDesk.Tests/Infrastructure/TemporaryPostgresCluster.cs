using System.Diagnostics;
using Npgsql;

namespace EscalationDesk.Tests.Infrastructure;

// A PostgreSQL server of its own (initdb into a temporary folder, pg_ctl on a free loopback port), for a drill that stops
// and starts the database without touching the server the other tests use. Debian's binaries; as root it runs as the
// postgres user (initdb refuses root). Trust authentication, reachable on 127.0.0.1 only.
public sealed class TemporaryPostgresCluster : IDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private readonly int _port;

    private TemporaryPostgresCluster(string folder, int port) => (_folder, _port) = (folder, port);

    // Why this machine cannot make one, or null.
    public static string? Unavailable =>
        !File.Exists(Path.Combine(Binaries, "initdb")) ? $"Needs Debian's PostgreSQL 15 ({Binaries}/initdb): apt-get install postgresql."
        : Environment.UserName == "root" && !File.Exists("/usr/sbin/runuser") ? "Runs initdb as the postgres user with runuser, which is missing."
        : null;

    public static TemporaryPostgresCluster Create()
    {
        var folder = Directory.CreateTempSubdirectory("escalationdesk-pg-").FullName;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            var cluster = new TemporaryPostgresCluster(folder, ((System.Net.IPEndPoint)probe.LocalEndpoint).Port);
            probe.Stop();
            if (Environment.UserName == "root") Run("/usr/bin/chown", "-R", "postgres:postgres", folder);
            cluster.AsOwner("initdb", "-D", cluster.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
            cluster.Start();
            return cluster;
        }
    }

    private string Data => Path.Combine(_folder, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database }.ConnectionString;

    public string CreateDatabase(string name)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Start() =>
        AsOwner("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1", "start");

    // Fast shutdown, as a restart does: open connections are cut.
    public void Stop() => AsOwner("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    private void AsOwner(string program, params string[] arguments)
    {
        var path = Path.Combine(Binaries, program);
        if (Environment.UserName == "root") Run("/usr/sbin/runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {errors}{output.Result}");
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_folder, recursive: true);
    }
}
