using PdfSharp.Fonts;

namespace EscalationDesk.Features.Briefs;

public sealed class BriefFontsMissingException(string message) : Exception(message);

// Finds a sans-serif family with regular, bold, italic and bold-italic faces (DejaVu Sans, Liberation Sans or
// Arial) and a monospace face, in Pdf:FontDirectory first, then in the operating system's font folders.
public sealed class BriefFonts : IFontResolver
{
    public const string Sans = "BriefSans";
    public const string Mono = "BriefMono";
    public const string SettingName = "Pdf:FontDirectory";

    private static readonly (string Family, string Regular, string Bold, string Italic, string BoldItalic)[] SansCandidates =
    [
        ("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
        ("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"),
        ("Arial", "arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),
    ];
    private static readonly string[] MonoCandidates = ["DejaVuSansMono.ttf", "LiberationMono-Regular.ttf", "cour.ttf"];

    private readonly Dictionary<string, string> _files;

    public string FamilyName { get; }

    private BriefFonts(string familyName, Dictionary<string, string> files)
    {
        FamilyName = familyName;
        _files = files;
    }

    public static readonly IReadOnlyList<string> SystemFolders =
    [
        "/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts"),
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts), "/Library/Fonts", "/System/Library/Fonts",
    ];

    public static string MissingMessage(string searched) =>
        $"No PDF font found (DejaVu Sans, Liberation Sans or Arial). Install fonts-dejavu-core or set {SettingName} to a folder holding DejaVuSans.ttf. Searched: {searched}.";

    public static BriefFonts? TryFind(string? configuredDirectory, out string searched) => TryFind(configuredDirectory, SystemFolders, out searched);

    public static BriefFonts? TryFind(string? configuredDirectory, IReadOnlyList<string> systemFolders, out string searched)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(configuredDirectory)) folders.Add(configuredDirectory);
        folders.AddRange(systemFolders);
        searched = string.Join(", ", folders.Where(f => f.Length > 0).Distinct());
        var all = folders.Where(Directory.Exists).Distinct()
            .SelectMany(f => SafeFiles(f))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);

        foreach (var (family, regular, bold, italic, boldItalic) in SansCandidates)
        {
            if (!all.ContainsKey(regular) || !all.ContainsKey(bold)) continue;
            var files = new Dictionary<string, string>
            {
                ["sans"] = all[regular],
                ["sans-bold"] = all[bold],
                ["sans-italic"] = all.GetValueOrDefault(italic) ?? all[regular],
                ["sans-bold-italic"] = all.GetValueOrDefault(boldItalic) ?? all[bold],
            };
            files["mono"] = MonoCandidates.Select(m => all.GetValueOrDefault(m)).FirstOrDefault(m => m is not null) ?? all[regular];
            return new BriefFonts(family, files);
        }
        return null;
    }

    private static IEnumerable<string> SafeFiles(string folder)
    {
        try { return Directory.EnumerateFiles(folder, "*.ttf", SearchOption.AllDirectories).ToList(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return []; }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (familyName == Mono) return new FontResolverInfo("mono");
        if (familyName != Sans) return null;
        return new FontResolverInfo(bold && italic ? "sans-bold-italic" : bold ? "sans-bold" : italic ? "sans-italic" : "sans");
    }

    public byte[]? GetFont(string faceName) => _files.TryGetValue(faceName, out var path) ? File.ReadAllBytes(path) : null;
}
