namespace EscalationDesk.Tests.Infrastructure;

public static class RepoFiles
{
    // A file of the repository, found by walking up from the test binaries to the folder holding the solution.
    public static string Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EscalationDesk.sln")))
                return Path.Combine(dir.FullName, relativePath);
        throw new FileNotFoundException($"No EscalationDesk.sln above {AppContext.BaseDirectory}");
    }
}
