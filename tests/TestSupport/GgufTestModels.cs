using System.Text;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.TestSupport;

/// <summary>
/// GGUF files for tests, written at test time (never committed): the tiny random-weight llama model
/// (<see cref="TinyLlamaModel"/>, ~150 KB, generates thousands of tokens a second), a larger one whose long prompt takes
/// long enough to cancel mid-decode, and damaged or foreign files for the loaders' error paths.
/// </summary>
internal static class GgufTestModels
{
    /// <summary>The default tiny model: n_embd 64, 2 layers, q8_0, ChatML template.</summary>
    public static TinyLlamaSpec Tiny { get; } = new();

    /// <summary>n_embd 512, 4 layers (~15 MB): decoding a 1000-token prompt takes about half a second on one thread.</summary>
    public static TinyLlamaSpec Slow { get; } = new() { Embedding = 512, Layers = 4, Heads = 8, FeedForward = 1536, Name = "saarthi-slow-random" };

    /// <summary>Writes <paramref name="spec"/> (default <see cref="Tiny"/>) as <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string Write(string directory, TinyLlamaSpec? spec = null, string name = "tiny.gguf") =>
        TinyLlamaModel.Write(Path.Combine(directory, name), spec ?? Tiny);

    /// <summary>The tiny model cut to <paramref name="fraction"/> of its length, as an interrupted copy leaves it.</summary>
    public static string WriteTruncated(string directory, double fraction = 0.6, string name = "truncated.gguf")
    {
        var full = Write(directory, Tiny, "whole-" + name);
        var bytes = File.ReadAllBytes(full);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
        File.Delete(full);
        return path;
    }

    /// <summary>A text file with a .gguf name (someone saved an HTML error page as the model).</summary>
    public static string WriteNotGguf(string directory, string name = "not-a-model.gguf")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "<html><body>404 Not Found</body></html>\n", Encoding.UTF8);
        return path;
    }

    /// <summary>A file that starts like a legacy-ggml (whisper.cpp) model.</summary>
    public static string WriteLegacyGgml(string directory, string name = "legacy.bin")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, [0x6c, 0x6d, 0x67, 0x67, 1, 0, 0, 0, 0, 0, 0, 0]);
        return path;
    }

    /// <summary>The tiny model with its version field overwritten (a damaged header).</summary>
    public static string WriteBadVersion(string directory, string name = "bad-version.gguf")
    {
        var path = Write(directory, Tiny, name);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = 4;
        stream.Write([99, 0, 0, 0]);
        return path;
    }
}
