namespace Saarthi.Appliance.Tests;

[Collection(ConsoleTests.Name)]
public sealed class CliTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("ASK")]
    [InlineData("--json")]
    public void Run_UnknownVerb_Exits64WithUsage(string verb)
    {
        using var dir = new TempDir();
        var r = Cli.Run(verb, "--data", dir.Path);
        Assert.Equal(64, r.ExitCode);
        Assert.Contains($"unknown verb '{verb}'", r.Err);
        Assert.Contains("usage: saarthi VERB", r.Err);
        Assert.Empty(r.Out);
    }

    [Fact]
    public void Run_NoArguments_Exits64WithUsage()
    {
        var r = Cli.Run();
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("usage: saarthi VERB", r.Out);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Run_Help_ExitsZeroWithUsage(string flag)
    {
        var r = Cli.Run(flag);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("snapshot import FILE.json", r.Out);
    }

    [Fact]
    public void Run_OptionWithoutValue_Exits64NamingIt()
    {
        var r = Cli.Run("ask", "--data");
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("--data needs a value", r.Err);
    }

    [Fact]
    public void Run_BenchWithBadRounds_Exits64()
    {
        using var dir = new TempDir();
        var r = Cli.Run("bench", "--data", dir.Path, "--questions", Seed.PracticePath, "--rounds", "zero");
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("--rounds must be a positive whole number", r.Err);
    }

    [Fact]
    public void Run_BenchOneRound_PrintsLatencyAndMemory()
    {
        using var dir = new TempDir();
        var r = Cli.Run("bench", "--data", dir.Path, "--questions", Seed.PracticePath, "--rounds", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"text turn: 33 turns over 33 questions: p50 [\d.]+ ms, p95 [\d.]+ ms", r.Out);
        Assert.Contains("peak RSS", r.Out);
    }
}
