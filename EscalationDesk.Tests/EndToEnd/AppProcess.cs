using System.Diagnostics;
using System.Text.RegularExpressions;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace EscalationDesk.Tests.EndToEnd;

// The built app as a real separate process (`dotnet EscalationDesk.dll`) on a loopback port and its own database
// file (or a PostgreSQL database several processes share), for drills that kill or restart the server. A restart keeps
// the port, so an open page can reconnect. Settings are configuration keys ("Reminders:IntervalSeconds"), changeable
// before a restart.
public sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private int _port;

    private readonly string? _postgres;

    private AppProcess(string databasePath, string? postgres, int port, IReadOnlyDictionary<string, string>? settings)
    {
        (DatabasePath, _postgres, _port) = (databasePath, postgres, port);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) Settings[key] = value;
    }

    public string DatabasePath { get; }
    // The drills' receivers (chat, webhooks) listen on loopback.
    public Dictionary<string, string> Settings { get; } = new() { ["Webhooks:AllowPrivateTargets"] = "true" };
    // What the running process printed (its log), for a drill that asks which instance did something.
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; private set; } = new();
    public string BaseUrl => $"http://127.0.0.1:{_port}";
    public User Agent { get; } = new($"drill-agent-{Guid.NewGuid():N}@example.test", "Drill-Agent-Passw0rd!", "Drill Agent", "Agent");

    public static async Task<AppProcess> LaunchAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new AppProcess(Path.Combine(Path.GetTempPath(), $"escalationdesk-process-{Guid.NewGuid():N}.db"), null, 0, settings);
        await app.StartAsync();
        return app;
    }

    // Not started yet: on the PostgreSQL database of postgresConnectionString, on port (0: a free one at the first start).
    public static AppProcess OnPostgres(string postgresConnectionString, int port = 0, IReadOnlyDictionary<string, string>? settings = null) =>
        new(Path.Combine(Path.GetTempPath(), $"escalationdesk-unused-{Guid.NewGuid():N}.db"), postgresConnectionString, port, settings);

    // Starts (again) on the same database file; the first start picks a free port, later ones reuse it.
    public async Task StartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("The app is already running.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = Output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var attempt = 1; ; attempt++)
        {
            var process = Start(["--urls", $"http://127.0.0.1:{_port}"], redirectInput: false);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                output.Enqueue(e.Data);
                if (ListeningOn().Match(e.Data) is { Success: true } match) listening.TrySetResult(int.Parse(match.Groups[1].Value));
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited while starting."));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            try
            {
                _port = await listening.Task.WaitAsync(StartTimeout);
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && _port != 0)
            {
                // The kernel may hold the port for a moment after a kill: try again shortly.
                await Task.Delay(500);
                listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            catch (Exception ex)
            {
                Kill();
                throw new InvalidOperationException($"The app did not start: {ex.Message}\n{string.Join('\n', output)}", ex);
            }
        }
    }

    // SIGSTOP: the process hangs with its connections open; nothing it was sent is answered until Kill ends it.
    public void Freeze()
    {
        if (_process is null || _process.HasExited) return;
        using var stop = Process.Start("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
    }

    // SIGTERM, as systemd stops a service: waits up to `timeout` for the process to end; how long it took and its exit code
    // (null if it was still running, after which it is killed).
    public async Task<(TimeSpan Took, int? ExitCode)> TerminateAsync(TimeSpan timeout)
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException("The app is not running.");
        var watch = Stopwatch.StartNew();
        if (SendSignal(_process.Id, SigTerm) != 0) throw new InvalidOperationException("kill(SIGTERM) failed.");
        int? exitCode = null;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            exitCode = _process.ExitCode;
        }
        catch (TimeoutException) { }
        var took = watch.Elapsed;
        Kill();
        return (took, exitCode);
    }

    private const int SigTerm = 15;

    // Straight from libc: a `kill` child process would take longer to start than the autosave's debounce.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    // SIGKILL: no shutdown code runs, whatever the process was writing is cut off.
    public void Kill()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    // Runs a command of the app's command line (e.g. `users add ...`) against the same database.
    public async Task<(int ExitCode, string Output)> RunCommandAsync(string[] arguments, string? input = null)
    {
        using var process = Start(arguments, redirectInput: true);
        if (input is not null) await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        return (process.ExitCode, await stdout + await stderr);
    }

    // After sign-in exists, a page of a fresh process lands on the sign-in page: the drill's Agent signs in.
    public async Task SignInIfAskedAsync(IPage page)
    {
        if (!page.Url.Contains("/account/login", StringComparison.OrdinalIgnoreCase)) return;
        if (!_agentCreated)
        {
            var (code, output) = await RunCommandAsync(["users", "add", "--email", Agent.Email, "--name", Agent.Name, "--role", Agent.Role], Agent.Password);
            if (code != 0) throw new InvalidOperationException($"Could not add the drill's user: {output}");
            _agentCreated = true;
        }
        await page.GetByLabel("Email").FillAsync(Agent.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Agent.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    private bool _agentCreated;

    public string IntegrityCheck()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".lock" })
            File.Delete(DatabasePath + suffix);
    }

    // Starts the app once with these settings (environment variables) instead of its test database, and waits for it to
    // stop by itself, as it does when a setting is wrong; standard error apart from the rest.
    public static async Task<(int ExitCode, string Output, string Error)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var app = new AppProcess(Path.Combine(Path.GetTempPath(), $"escalationdesk-process-{Guid.NewGuid():N}.db"), null, 0, null);
        using var process = app.Start([], redirectInput: false, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(StartTimeout);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private Process Start(string[] arguments, bool redirectInput, IReadOnlyDictionary<string, string>? environment = null)
    {
        var app = AppDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(app);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["ConnectionStrings__EscalationDesk"] = _postgres ?? $"Data Source={DatabasePath}";
        if (_postgres is not null) info.Environment["Database__Provider"] = "Postgres";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in Settings) info.Environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info)!;
    }

    // The app's own build output, of the same configuration as these tests (bin/<Config>/net10.0).
    private static string AppDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var dll = RepoFiles.Find(Path.Combine("EscalationDesk", "bin", configuration, testBin.Name, "EscalationDesk.dll"));
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the app first (dotnet build EscalationDesk.sln).", dll);
    }

    public sealed record User(string Email, string Password, string Name, string Role);

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
