using System.Text;
using Saarthi.Dialogue.Llm;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class LanguageModelLoaderTests
{
    private static readonly LanguageModelOptions OneThread = new() { Threads = 1, ContextSize = 512 };

    [Fact]
    public void Load_ConfiguredFileIsMissing_SaysMissing()
    {
        using var dir = new TempDir();

        var e = Assert.Throws<LanguageModelUnavailableException>(() => LanguageModelLoader.Load(OneThread with { ModelPath = Path.Combine(dir.Path, "none.gguf") }));

        Assert.Equal(LanguageModelProblem.Missing, e.Problem);
        Assert.Contains("none.gguf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_SaysTruncated()
    {
        using var dir = new TempDir();
        var path = TinyLlamaModel.Write(Path.Combine(dir.Path, "m.gguf"));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<LanguageModelUnavailableException>(() => LanguageModelLoader.Load(OneThread with { ModelPath = path }));

        Assert.Equal(LanguageModelProblem.Truncated, e.Problem);
        Assert.IsType<LlamaModelException>(e.InnerException);
    }

    [Fact]
    public void Load_NotAGgufFile_SaysNotGguf()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "model.gguf");
        File.WriteAllText(path, "this is not a model", Encoding.UTF8);

        Assert.False(LanguageModelLoader.TryLoad(OneThread with { ModelPath = path }, out var model, out var error));

        Assert.Null(model);
        Assert.Equal(LanguageModelProblem.NotGguf, error!.Problem);
    }

    [Fact]
    public void Load_ManifestDefaultInAModelsFolder_LoadsIt()
    {
        using var dir = new TempDir();
        var file = TinyLlamaModel.Write(Path.Combine(dir.Path, "tiny.gguf"));
        var manifest = WriteManifest(dir.Path, ("big", false, "big.gguf", null), ("tiny", true, "tiny.gguf", new FileInfo(file).Length));

        using var model = LanguageModelLoader.Load(OneThread with { ManifestPath = manifest, ModelDirectories = [dir.Path] });

        Assert.Equal(Path.GetFullPath(file), model.Info.Path);
    }

    [Fact]
    public void Resolve_ManifestSizeDiffers_SaysTruncatedWithTheFix()
    {
        using var dir = new TempDir();
        var file = TinyLlamaModel.Write(Path.Combine(dir.Path, "tiny.gguf"));
        var manifest = WriteManifest(dir.Path, ("tiny", true, "tiny.gguf", new FileInfo(file).Length + 10));

        var e = Assert.Throws<LanguageModelUnavailableException>(() => LanguageModelLoader.Resolve(new LanguageModelOptions { ManifestPath = manifest, ModelDirectories = [dir.Path] }));

        Assert.Equal(LanguageModelProblem.Truncated, e.Problem);
        Assert.Contains("fetch.sh --verify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ManifestModelNotCopied_SaysMissingAndWhereItLooked()
    {
        using var dir = new TempDir();
        var manifest = WriteManifest(dir.Path, ("qwen", true, "qwen.gguf", 1000));

        var e = Assert.Throws<LanguageModelUnavailableException>(() => LanguageModelLoader.Resolve(new LanguageModelOptions { ManifestPath = manifest, ModelDirectories = [dir.Path] }));

        Assert.Equal(LanguageModelProblem.Missing, e.Problem);
        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("fetch.sh qwen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownManifestId_SaysNotConfigured()
    {
        using var dir = new TempDir();
        var manifest = WriteManifest(dir.Path, ("qwen", true, "qwen.gguf", null));

        var e = Assert.Throws<LanguageModelUnavailableException>(() => LanguageModelLoader.Resolve(new LanguageModelOptions { ManifestPath = manifest, ManifestId = "llama-70b" }));

        Assert.Equal(LanguageModelProblem.NotConfigured, e.Problem);
    }

    [Fact]
    public void ReadLlm_RepositoryManifest_HasADefaultGgufEntry()
    {
        var manifest = ModelManifest.FindManifest();
        Assert.NotNull(manifest);

        var entries = ModelManifest.ReadLlm(manifest);

        Assert.Contains(entries, e => e.IsDefault && e.File.EndsWith(".gguf", StringComparison.Ordinal) && e.SizeBytes > 0);
    }

    private static string WriteManifest(string dir, params (string Id, bool Default, string File, long? Size)[] entries)
    {
        var llm = string.Join(",", entries.Select(e =>
            $$"""{"id":"{{e.Id}}","default":{{(e.Default ? "true" : "false")}},"name":"{{e.Id}}","file":"{{e.File}}","size_bytes":{{(e.Size is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}},"sha256":null}"""));
        var path = Path.Combine(dir, "manifest.json");
        File.WriteAllText(path, $$"""{"schema":1,"llm":[{{llm}}]}""");
        return path;
    }
}
