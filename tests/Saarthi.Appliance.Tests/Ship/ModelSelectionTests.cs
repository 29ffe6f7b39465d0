using Saarthi.Appliance.Kiosk;

namespace Saarthi.Appliance.Tests.Ship;

/// <summary>Which provisioned models a board runs, from its RAM and models/manifest.json.</summary>
public sealed class ModelSelectionTests
{
    private const string Manifest = """
        {
          "whisper": [
            { "id": "whisper-tiny", "file": "tiny.bin", "ram_mb": 200 },
            { "id": "whisper-base", "file": "base.bin", "ram_mb": 300 },
            { "id": "whisper-small", "file": "small.bin", "ram_mb": 600 }
          ],
          "llm": [ { "id": "qwen-0.5b", "file": "qwen.gguf", "ram_mb": 800, "size_bytes": 5 } ],
          "tts": [ { "id": "voice-hi", "file": "voice-hi.tar.bz2", "archive": "tar.bz2", "ram_mb": 150 } ]
        }
        """;

    /// <summary>A manifest and a models folder holding the named files (fetch.sh's layout: one folder per section).</summary>
    private static (TempDir Dir, string Manifest) Provisioned(params string[] files)
    {
        var dir = new TempDir();
        File.WriteAllText(dir.File("manifest.json"), Manifest);
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.File("models/" + f))!);
            File.WriteAllText(dir.File("models/" + f), "12345");
        }
        return (dir, dir.File("manifest.json"));
    }

    [Fact]
    public void Choose_OneGigabyteBoard_LargestWhisperThatFitsAndNoRoomForTheLlm()
    {
        var (dir, manifest) = Provisioned("whisper/tiny.bin", "whisper/base.bin", "whisper/small.bin", "llm/qwen.gguf");
        using (dir)
        {
            var plan = ModelSelection.Choose(manifest, [dir.File("models")], memTotalMb: 1024);

            Assert.Equal(1024 - ModelSelection.ReserveMb, plan.BudgetMb);
            Assert.Equal("whisper-base", plan.For("whisper")!.Chosen!.Id);
            Assert.Equal("the largest that fits; whisper-small would need more RAM", plan.For("whisper")!.Reason);
            Assert.Null(plan.For("llm")!.Chosen);
            Assert.Equal("qwen-0.5b (800 MB) provisioned, but only 212 MB of the budget is left", plan.For("llm")!.Reason);
            Assert.Contains("models: whisper → whisper-base (300 MB; the largest that fits; whisper-small would need more RAM)", plan.Describe());
        }
    }

    [Fact]
    public void Choose_EightGigabyteBoard_TheBestOfEverySection()
    {
        var (dir, manifest) = Provisioned("whisper/tiny.bin", "whisper/small.bin", "llm/qwen.gguf", "tts/voice-hi/model.onnx");
        using (dir)
        {
            var plan = ModelSelection.Choose(manifest, [dir.File("models")], memTotalMb: 8192);

            Assert.Equal("whisper-small", plan.For("whisper")!.Chosen!.Id);
            Assert.Equal("voice-hi", plan.For("tts")!.Chosen!.Id);
            Assert.Equal(dir.File("models/tts/voice-hi"), plan.For("tts")!.Chosen!.Path);
            Assert.Equal("qwen-0.5b", plan.For("llm")!.Chosen!.Id);
            Assert.Equal(dir.File("models/llm/qwen.gguf"), plan.For("llm")!.Chosen!.Path);
        }
    }

    [Fact]
    public void Choose_NothingProvisioned_EmbeddedDefaultsWithTheReason()
    {
        var (dir, manifest) = Provisioned();
        using (dir)
        {
            var plan = ModelSelection.Choose(manifest, [dir.File("models")], memTotalMb: 4096);

            Assert.All(plan.Picks, p => Assert.Null(p.Chosen));
            Assert.Equal("none of the 3 in the manifest is provisioned", plan.For("whisper")!.Reason);
            Assert.Contains("models: whisper → embedded default (none of the 3 in the manifest is provisioned)", plan.Describe());
        }
    }

    [Fact]
    public void Choose_FileOfTheWrongSize_NotUsedAndSaidWhy()
    {
        var (dir, manifest) = Provisioned("llm/qwen.gguf");
        using (dir)
        {
            File.WriteAllText(dir.File("models/llm/qwen.gguf"), "123"); // the manifest says 5 bytes

            var plan = ModelSelection.Choose(manifest, [dir.File("models")], memTotalMb: 8192);

            Assert.Null(plan.For("llm")!.Chosen);
            Assert.StartsWith($"qwen-0.5b at {dir.File("models/llm/qwen.gguf")} is unusable: 3 bytes, the manifest says 5", plan.For("llm")!.Reason);
        }
    }

    [Fact]
    public void Choose_RamUnknown_TheSmallestProvisioned()
    {
        var (dir, manifest) = Provisioned("tiny.bin", "small.bin");
        using (dir)
        {
            var plan = ModelSelection.Choose(manifest, [dir.File("models")], memTotalMb: null);

            Assert.Equal("whisper-tiny", plan.For("whisper")!.Chosen!.Id);
            Assert.Equal(dir.File("models/tiny.bin"), plan.For("whisper")!.Chosen!.Path);
        }
    }

    [Fact]
    public void Choose_BrokenManifest_ClearError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("manifest.json"), "{ \"whisper\": [ { \"file\": \"x.bin\" } ] }");

        var e = Assert.Throws<InvalidDataException>(() => ModelSelection.Choose(dir.File("manifest.json"), [dir.Path], 2048));

        Assert.StartsWith($"{dir.File("manifest.json")}: not a valid model manifest", e.Message);
    }

    [Fact]
    public void Choose_TheRepositoryManifest_ReadsEverySection()
    {
        var manifest = Scripts.Path("models/manifest.json");

        var plan = ModelSelection.Choose(manifest, [], memTotalMb: 4096);

        Assert.Equal(["whisper", "tts", "llm"], plan.Picks.Select(p => p.Section));
        Assert.Contains(plan.Candidates, c => c.Id == "whisper-base-q5_1" && c.RamMb == 300);
        Assert.Contains(plan.Candidates, c => c.Id == "qwen2.5-0.5b-instruct-q4_k_m" && c.SizeBytes == 491400032);
    }

    [Fact]
    public void ReadMemTotalMb_MeminfoFile_ParsesKilobytes()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("meminfo"), "MemTotal:        3884096 kB\nMemFree:          123456 kB\n");

        Assert.Equal(3884096 / 1024, ModelSelection.ReadMemTotalMb(dir.File("meminfo")));
        Assert.Null(ModelSelection.ReadMemTotalMb(dir.File("absent")));
        Assert.True(ModelSelection.ReadMemTotalMb() > 0, "this machine's /proc/meminfo");
    }
}
