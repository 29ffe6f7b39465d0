using Saarthi.Knowledge.Callers;
using Xunit;

namespace Saarthi.Knowledge.Tests.Callers;

public sealed class CallerContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saarthi-callers-").FullName;

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Hash_SameNumberWrittenDifferently_SameHash()
    {
        var h = new CallerIdHasher(new byte[32]);
        Assert.Equal(h.Hash("+91 98765-43210"), h.Hash("09876543210"));
        Assert.Equal(h.Hash("9876543210"), h.Hash("919876543210"));
        Assert.NotEqual(h.Hash("9876543210"), h.Hash("9876543211"));
    }

    [Fact]
    public void Hash_NeverContainsTheNumber_AndDependsOnTheSalt()
    {
        var a = new CallerIdHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash("9876543210");
        var b = new CallerIdHasher(Enumerable.Repeat((byte)2, 32).ToArray()).Hash("9876543210");
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("9876543210", a, StringComparison.Ordinal);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void FromSaltFile_FirstUse_CreatesOwnerOnlySaltAndReusesIt()
    {
        var path = Path.Combine(_dir, "secret", "caller.salt");
        var first = CallerIdHasher.FromSaltFile(path).Hash("9876543210");
        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first, CallerIdHasher.FromSaltFile(path).Hash("9876543210"));
    }

    [Fact]
    public void FromSaltFile_TooShortSalt_ClearError()
    {
        var path = Path.Combine(_dir, "short.salt");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => CallerIdHasher.FromSaltFile(path));
        Assert.Contains("salt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_WithinSixtyMinutes_ReturnsContext()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var store = new CallerContextStore(Path.Combine(_dir, "callers.db"), time);
        store.Save("abc", """{"last":"pm-kisan"}""");
        time.Now += TimeSpan.FromMinutes(59);
        Assert.Equal("""{"last":"pm-kisan"}""", store.TryLoad("abc"));
    }

    [Fact]
    public void TryLoad_AfterSixtyMinutes_ContextDeleted()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var store = new CallerContextStore(Path.Combine(_dir, "callers.db"), time);
        store.Save("abc", "{}");
        store.Save("def", "{}");
        time.Now += TimeSpan.FromMinutes(60);
        Assert.Null(store.TryLoad("abc"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Save_CallerCallsAgain_ReplacesAndRestartsTheClock()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var store = new CallerContextStore(Path.Combine(_dir, "callers.db"), time);
        store.Save("abc", "first");
        time.Now += TimeSpan.FromMinutes(50);
        store.Save("abc", "second");
        time.Now += TimeSpan.FromMinutes(50);
        Assert.Equal("second", store.TryLoad("abc"));
        Assert.Equal(1, store.Count);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
