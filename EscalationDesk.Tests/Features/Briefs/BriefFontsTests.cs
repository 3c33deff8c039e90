using EscalationDesk.Features.Briefs;

namespace EscalationDesk.Tests.Features.Briefs;

public sealed class BriefFontsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("brief-fonts-").FullName;

    [Fact]
    public void The_configured_folder_is_searched_first()
    {
        foreach (var face in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf" })
            File.Copy(Path.Combine("/usr/share/fonts/truetype/dejavu", face), Path.Combine(_folder, face));

        var fonts = BriefFonts.TryFind(_folder, [], out var searched)!;

        Assert.Equal("DejaVu Sans", fonts.FamilyName);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "DejaVuSans-Bold.ttf")), fonts.GetFont("sans-bold"));
        Assert.Equal(fonts.GetFont("sans"), fonts.GetFont("sans-italic"));
        Assert.Equal(_folder, searched);
    }

    [Fact]
    public void Without_fonts_the_message_says_what_to_install_and_which_setting_to_set()
    {
        Assert.Null(BriefFonts.TryFind(_folder, [], out var searched));

        var message = BriefFonts.MissingMessage(searched);
        Assert.Contains("fonts-dejavu-core", message);
        Assert.Contains("Pdf:FontDirectory", message);
        Assert.Contains(_folder, message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
